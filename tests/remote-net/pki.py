# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/remote-net/pki.py — x509 certificates for the TLS tests, made with
# GnuTLS's certtool: certificate authorities, server certificates for a
# host's address and name, client certificates with a chosen DN, expired
# ones, and the directories in libvirt's layouts (pkipath= for a client,
# key_file/cert_file/ca_file for a daemon).
import os
import shutil
import subprocess

CERTTOOL = shutil.which('certtool')


def _certtool(args, template=None, cwd=None):
    argv = [CERTTOOL] + list(args)
    tpl = None
    if template is not None:
        tpl = os.path.join(cwd, 'template-%d.info' % abs(hash(template)))
        with open(tpl, 'w') as f:
            f.write(template)
        argv += ['--template', tpl]
    p = subprocess.run(argv, capture_output=True, text=True, cwd=cwd)
    if p.returncode != 0:
        raise RuntimeError('certtool %s failed: %s' % (' '.join(args), p.stderr[-2000:]))
    return p.stdout


class CA:
    """A certificate authority in DIR: cacert.pem and its key."""

    def __init__(self, dir, cn='modvirt test CA'):
        self.dir = dir
        os.makedirs(dir, exist_ok=True)
        self.key = os.path.join(dir, 'cakey.pem')
        self.cert = os.path.join(dir, 'cacert.pem')
        _certtool(['--generate-privkey', '--key-type', 'rsa', '--bits', '2048', '--outfile', self.key], cwd=dir)
        _certtool(['--generate-self-signed', '--load-privkey', self.key, '--outfile', self.cert],
                  template='cn = "%s"\nca\ncert_signing_key\nexpiration_days = 30\n' % cn,
                  cwd=dir)

    def issue(self, name, template):
        """Signs a new key's certificate made from TEMPLATE: (cert, key)."""
        key = os.path.join(self.dir, name + '-key.pem')
        cert = os.path.join(self.dir, name + '-cert.pem')
        _certtool(['--generate-privkey', '--key-type', 'rsa', '--bits', '2048', '--outfile', key], cwd=self.dir)
        _certtool(['--generate-certificate', '--load-privkey', key, '--load-ca-certificate',
                   self.cert, '--load-ca-privkey', self.key, '--outfile', cert],
                  template=template, cwd=self.dir)
        return cert, key

    def server(self, name, cn, ip=None, dns=None, expired=False):
        t = 'organization = "modvirt tests"\ncn = "%s"\n' % cn
        if ip:
            t += 'ip_address = "%s"\n' % ip
        for d in dns or []:
            t += 'dns_name = "%s"\n' % d
        t += 'tls_www_server\nencryption_key\nsigning_key\n'
        t += _validity(expired)
        return self.issue(name, t)

    def client(self, name, cn, org='modvirt tests', country='GB', expired=False):
        t = 'country = "%s"\norganization = "%s"\ncn = "%s"\n' % (country, org, cn)
        t += 'tls_www_client\nencryption_key\nsigning_key\n'
        t += _validity(expired)
        return self.issue(name, t)


def _validity(expired):
    if expired:
        return ('activation_date = "2020-01-01 00:00:00 UTC"\n'
                'expiration_date = "2020-02-01 00:00:00 UTC"\n')
    return 'expiration_days = 30\n'


def pkipath(dir, ca, cert, key, side='client'):
    """DIR laid out as libvirt's pkipath= wants it for SIDE: cacert.pem,
    {side}cert.pem, {side}key.pem."""
    os.makedirs(dir, exist_ok=True)
    shutil.copy(ca.cert if isinstance(ca, CA) else ca, os.path.join(dir, 'cacert.pem'))
    shutil.copy(cert, os.path.join(dir, side + 'cert.pem'))
    shutil.copy(key, os.path.join(dir, side + 'key.pem'))
    os.chmod(os.path.join(dir, side + 'key.pem'), 0o600)
    return dir


def dn_of(cert):
    """The subject DN of CERT as certtool prints it."""
    out = _certtool(['-i', '--infile', cert])
    for line in out.splitlines():
        line = line.strip()
        if line.startswith('Subject:'):
            return line[len('Subject:'):].strip()
    return None
