domid test; domname 1; domuuid test; domuuid 1; domid 6695eb01-f6a4-8304-79aa-97f2502e193f; destroy test; domid test
