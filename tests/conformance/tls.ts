/**
 * openssl invocations for a throw-away CA and one leaf certificate signed by it (strict-X509 clean), for fakes that
 * serve HTTPS under real host names inside a private network namespace. Pure: returns argument lists.
 */
import { join } from 'node:path';

export interface OpensslStep {
  args: string[];
  extFile?: { path: string; text: string };
}

export function throwawayCertificateCommands(dir: string, caName: string, hostNames: string[]): OpensslStep[] {
  const [commonName] = hostNames;
  if (!commonName) throw new Error('a certificate needs at least one host name');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ext = join(dir, 'leaf.ext');
  return [
    {
      args: [
        'req',
        '-x509',
        ...ec,
        '-keyout',
        join(dir, 'ca.key'),
        '-out',
        join(dir, 'ca.pem'),
        '-days',
        '2',
        '-subj',
        `/CN=${caName}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
    },
    {
      args: [
        'req',
        ...ec,
        '-keyout',
        join(dir, 'leaf.key'),
        '-out',
        join(dir, 'leaf.csr'),
        '-subj',
        `/CN=${commonName}`,
      ],
    },
    {
      args: [
        'x509',
        '-req',
        '-in',
        join(dir, 'leaf.csr'),
        '-CA',
        join(dir, 'ca.pem'),
        '-CAkey',
        join(dir, 'ca.key'),
        '-CAcreateserial',
        '-out',
        join(dir, 'leaf.pem'),
        '-days',
        '2',
        '-extfile',
        ext,
      ],
      extFile: {
        path: ext,
        text: [
          `subjectAltName=${hostNames.map((name) => `DNS:${name}`).join(',')}`,
          'basicConstraints=critical,CA:FALSE',
          'keyUsage=critical,digitalSignature',
          'extendedKeyUsage=serverAuth',
          'subjectKeyIdentifier=hash',
          'authorityKeyIdentifier=keyid',
          '',
        ].join('\n'),
      },
    },
  ];
}
