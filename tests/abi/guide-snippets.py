#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""tests/abi/guide-snippets.py — docs/plugin-guide.md shows the example
driver's code as it is, so what third-party authors copy from the guide
builds and behaves like what CI builds.

- Section 12's meson block is the beginning of
  examples/out-of-tree-driver/meson.build (after its leading comments).
  Meson reads a file top to bottom, so a block that is a prefix of a file
  CI builds also builds on its own.
- Section 12's second meson block is the example's meson_options.txt, which
  the first needs (get_option('plugindir')).
- Section 12's cc command compiles the C files the shared_module lists.
- Every C block of sections 2 to 11 (the walk through the example) that
  names the example's own identifiers (ex_..., EX_...) appears in
  example.c, line for line; a "/* ... */" line in a block stands for lines
  left out.

usage: guide-snippets.py SOURCE_ROOT      (prints TAP)
"""
import os
import re
import sys


def sections(text):
    """section number -> its text, for the '## N. Title' headings."""
    parts = re.split(r'^## (\d+)\. .*$', text, flags=re.M)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def blocks(text, lang):
    """The fenced blocks of LANG in TEXT, indented ones (in lists) too."""
    return re.findall(r'^[ \t]*```%s\n(.*?)^[ \t]*```' % lang, text, flags=re.M | re.S)


def code_lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def find_excerpt(snippet, lines):
    """None when SNIPPET's lines appear in LINES in order, each run between
    '/* ... */' gaps contiguous; else the first snippet line not found."""
    runs = [[]]
    for line in code_lines(snippet):
        if line == '/* ... */':
            runs.append([])
        else:
            runs[-1].append(line)
    pos = 0
    for run in filter(None, runs):
        starts = [s for s in range(pos, len(lines) - len(run) + 1)
                  if lines[s:s + len(run)] == run]
        if not starts:
            # The line where the best partial match breaks off.
            n = max(k for k in range(len(run))
                    if any(lines[s:s + k] == run[:k] for s in range(pos, len(lines))))
            return run[n]
        pos = starts[0] + len(run)
    return None


def main():
    root = sys.argv[1]
    example = os.path.join(root, 'examples', 'out-of-tree-driver')

    def read(*path):
        with open(os.path.join(*path), encoding='utf-8') as f:
            return f.read()

    guide = sections(read(root, 'docs', 'plugin-guide.md'))
    meson_build = read(example, 'meson.build')
    options = read(example, 'meson_options.txt')
    example_c = code_lines(read(example, 'example.c'))
    results = []

    building = guide.get(12, '')
    meson_blocks = blocks(building, 'meson')
    body = re.sub(r'\A(?:#.*\n|\s*\n)*', '', meson_build)
    results.append((len(meson_blocks) >= 1 and body.startswith(meson_blocks[0]),
                    "section 12's meson.build is the start of the example's meson.build",
                    ['the block must equal meson.build from its project() line on']))
    results.append((len(meson_blocks) >= 2 and meson_blocks[1] == options,
                    "section 12's meson_options.txt is the example's",
                    ['the second meson block must equal meson_options.txt']))

    module = re.search(r"shared_module\('example',(.*?)\binstall_dir:", meson_build, re.S)
    module_sources = set(re.findall(r"'([\w.-]+\.c)'", module.group(1))) if module else set()
    cc = [b for b in blocks(building, 'sh') if b.lstrip().startswith('cc ')]
    cc_sources = set(re.findall(r'(?<![\w/.-])([\w-]+\.c)\b', cc[0])) if cc else set()
    results.append((bool(module_sources) and cc_sources == module_sources,
                    "section 12's cc command compiles the shared_module's sources",
                    ['meson.build: %s' % ' '.join(sorted(module_sources)),
                     'cc command: %s' % ' '.join(sorted(cc_sources))]))

    for num in range(2, 12):
        for i, snippet in enumerate(blocks(guide.get(num, ''), 'c'), 1):
            if not re.search(r'\b(?:ex|EX)_\w', snippet):
                continue
            missing = find_excerpt(snippet, example_c)
            results.append((missing is None,
                            'section %d, C block %d is in example.c' % (num, i),
                            ['not found in example.c: %s' % missing]))

    print('1..%d' % len(results))
    failed = 0
    for i, (ok, desc, details) in enumerate(results, 1):
        print('%sok %d - %s' % ('' if ok else 'not ', i, desc))
        if not ok:
            failed += 1
            for d in details:
                print('# ' + d)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
