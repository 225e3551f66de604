event --event foo
