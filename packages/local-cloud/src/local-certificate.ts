// A certificate for `localhost`, made when first asked for and kept for the process, so that a local
// server can speak TLS (and so HTTP/2, which browsers speak only over TLS) as CloudFront and API
// Gateway do. Self-signed: only a browser told to accept it (the bench's Chromium) or a client given
// it as its authority trusts it.
import selfsigned from "selfsigned";

export interface LocalCertificate {
  /** PEM, the private key. */
  key: string;
  /** PEM, the certificate, which is also its own authority. */
  cert: string;
}

let made: Promise<LocalCertificate> | undefined;

export function localhostCertificate(): Promise<LocalCertificate> {
  made ??= selfsigned
    .generate([{ name: "commonName", value: "localhost" }], {
      keyType: "ec",
      algorithm: "sha256",
      notAfterDate: new Date(Date.now() + 2 * 24 * 3600_000),
      extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }] }],
    })
    .then(({ private: key, cert }) => ({ key, cert }));
  return made;
}
