// The server's side of Amazon Cognito's Secure Remote Password sign-in (USER_SRP_AUTH), which the
// web app uses and cognito-local lacks: the browser proves it knows the password without sending
// it. Cognito's variant of SRP-6a: the 3072-bit group of RFC 5054 with generator 2, SHA-256 over
// the numbers' padded big-endian bytes, a 16-byte key derived from the shared secret with HKDF
// ("Caldera Derived Key"), and a signature over the pool's name, the user, the server's secret
// block and the browser's clock. Locally the password is known (cognito-local keeps it), so each
// sign-in makes the verifier afresh, with a fresh salt, instead of keeping one.
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/** RFC 5054's 3072-bit prime, the modulus every Cognito SRP exchange uses. */
const N = BigInt(
  "0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);
const g = 2n;

/**
 * A positive number as Cognito hashes it: hex of even length, with a zero byte in front when the
 * first bit is set (so that it reads as positive in two's complement).
 */
export function padHex(value: bigint): string {
  const hex = value.toString(16);
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  return /^[89a-f]/i.test(even) ? `00${even}` : even;
}

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hashOfHex = (hex: string) => BigInt(`0x${sha256Hex(Buffer.from(hex, "hex"))}`);
const randomNumber = (bytes: number) => BigInt(`0x${randomBytes(bytes).toString("hex")}`);

/** SRP's multiplier, k = H(N, g). */
const k = hashOfHex(padHex(N) + padHex(g));

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let square = base % modulus;
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * square) % modulus;
    square = (square * square) % modulus;
  }
  return result;
}

/** What the server answers a browser's A with, and the key only the right password also gives. */
export interface SrpChallenge {
  /** The salt, hex (`SALT`). */
  salt: string;
  /** The server's public number B, hex (`SRP_B`). */
  serverPublic: string;
  /** The key both sides derive; the browser's signature must be made with it. */
  key: Buffer;
}

export class SrpParameterError extends Error {}

/**
 * The server's half of the exchange for `userId` (the pool's own name for the user, which the
 * browser is told as `USER_ID_FOR_SRP`) with `password`, answering the browser's public number
 * `clientPublicHex` (`SRP_A`).
 */
export function srpChallenge(
  poolName: string,
  userId: string,
  password: string,
  clientPublicHex: string,
): SrpChallenge {
  if (!/^[0-9a-f]+$/i.test(clientPublicHex)) throw new SrpParameterError("SRP_A is not a number.");
  const A = BigInt(`0x${clientPublicHex}`);
  if (A % N === 0n) throw new SrpParameterError("SRP_A mod N cannot be 0.");
  const salt = randomNumber(16);
  const x = hashOfHex(padHex(salt) + sha256Hex(`${poolName}${userId}:${password}`));
  const verifier = modPow(g, x, N);
  for (;;) {
    const b = randomNumber(128);
    const B = (k * verifier + modPow(g, b, N)) % N;
    if (B === 0n) continue;
    const u = hashOfHex(padHex(A) + padHex(B));
    if (u === 0n) continue;
    const secret = modPow((A * modPow(verifier, u, N)) % N, b, N);
    const key = Buffer.from(
      hkdfSync(
        "sha256",
        Buffer.from(padHex(secret), "hex"),
        Buffer.from(padHex(u), "hex"),
        "Caldera Derived Key",
        16,
      ),
    );
    return { salt: salt.toString(16), serverPublic: B.toString(16), key };
  }
}

/**
 * The signature a browser holding the password sends (`PASSWORD_CLAIM_SIGNATURE`): an HMAC with
 * the derived key over the pool's name, the user, the secret block and the browser's timestamp.
 */
export function srpSignature(
  key: Buffer,
  poolName: string,
  userId: string,
  secretBlock: string,
  timestamp: string,
): Buffer {
  return createHmac("sha256", key)
    .update(
      Buffer.concat([
        Buffer.from(poolName, "utf8"),
        Buffer.from(userId, "utf8"),
        Buffer.from(secretBlock, "base64"),
        Buffer.from(timestamp, "utf8"),
      ]),
    )
    .digest();
}

/** Whether `claimed` (base64) is the signature expected, compared in constant time. */
export function signatureMatches(expected: Buffer, claimed: string): boolean {
  const given = Buffer.from(claimed, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The TIMESTAMP of a PASSWORD_VERIFIER answer as Cognito reads it: "EEE MMM d HH:mm:ss z yyyy" in
 * English, parsed leniently (a day or an hour may have a leading zero, or lack one), then written
 * again its own way (the day without a leading zero, the time with them), and the signature is
 * checked against that spelling. So a client that pads the day is refused as a wrong password, as
 * Cognito refuses it; undefined when the text is not a timestamp at all.
 */
export function cognitoTimestamp(text: string): string | undefined {
  const parts =
    /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2}) ([A-Z]{3,4}) (\d{4})$/.exec(
      text,
    );
  if (!parts) return undefined;
  const [, weekday, month, day, hours, minutes, seconds, zone, year] = parts;
  const two = (value = "") => value.padStart(2, "0");
  return `${weekday} ${month} ${Number(day)} ${two(hours)}:${two(minutes)}:${two(seconds)} ${zone} ${year}`;
}
