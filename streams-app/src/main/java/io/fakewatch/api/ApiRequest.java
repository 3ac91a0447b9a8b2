package io.fakewatch.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request as the router sees it: the raw (still percent-encoded) path, so an encoded {@code %2e%2e} or
 * {@code %2f} is refused rather than decoded into a path segment; the decoded query; the Authorization
 * header; the body, read up to one byte over the limit; and whether a peer asked for local answers only.
 */
public record ApiRequest(String method, String rawPath, String rawQuery, String authorization, byte[] body,
    boolean localOnly) {
  /** Query parameters, decoded; the last of a repeated name wins; a malformed escape is an error. */
  public Map<String, String> query() {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }
}
