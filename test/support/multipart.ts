// What a Bot API server reads from a `multipart/form-data` call (telegraf uploads files this way).

/** A file uploaded with a call (a photo or document sent as bytes), as the recipient gets it. */
export interface UploadedFile {
  filename: string;
  contentType: string | undefined;
  data: Buffer;
}

/** Multipart form data: text fields as strings, file parts as `UploadedFile`s. */
export function parseMultipart(body: Buffer, boundary: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]+)"/.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/.exec(headers)?.[1];
      if (name !== undefined) {
        fields[name] = filename === undefined
          ? content.toString('utf8')
          : { filename, contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1], data: Buffer.from(content) } satisfies UploadedFile;
      }
    }
    start = next;
  }
  return fields;
}

