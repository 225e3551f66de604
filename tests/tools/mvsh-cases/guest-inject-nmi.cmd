inject-nmi test; destroy test; inject-nmi test; inject-nmi nosuch
