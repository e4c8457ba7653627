// Tiny HTTP helpers for gateway integration tests: real fetch, parsed answers.
export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is (for malformed JSON, CSV, huge bodies). */
  raw?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
  headers?: Record<string, string>;
}

export function client(baseUrl: string, defaultToken?: string) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token ?? defaultToken;
    if (token !== undefined && token !== "") headers.authorization = `Bearer ${token}`;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers["content-type"] = options.contentType ?? "application/json";
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] = options.contentType ?? "application/json";
    }
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (HTML, metrics): keep the text.
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };
}
