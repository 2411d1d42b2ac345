// A certificate for `localhost`, made when first asked for and kept for the process, so that a local
// server can speak TLS (and so HTTP/2, which browsers speak only over TLS) as CloudFront and API
// Gateway do. Self-signed: only a browser told to accept it (the bench's Chromium) or a client given
// it as its authority trusts it.
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import selfsigned from "selfsigned";
import { scratchDir } from "./scratch-dir";

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

let written: Promise<string> | undefined;

/**
 * The certificate in a file of its own, for a child process to trust (`NODE_EXTRA_CA_CERTS`, which
 * Node reads from a file as it starts).
 */
export function localhostCertificateFile(): Promise<string> {
  written ??= (async () => {
    const file = path.join(await scratchDir(tmpdir(), "dwipper-tls-"), "localhost.pem");
    await writeFile(file, (await localhostCertificate()).cert);
    return file;
  })();
  return written;
}
