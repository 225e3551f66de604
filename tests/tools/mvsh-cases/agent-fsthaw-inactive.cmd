destroy test; domfsthaw test
