package io.fakewatch.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bearer tokens with two scopes: read, and submit (which implies read). Tokens are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}: constant time, and equal lengths whatever was sent. With no
 * token configured every request is allowed (the server then listens on loopback only).
 */
final class AccessControl {
  enum Scope { READ, SUBMIT }

  private final byte[] read;
  private final byte[] submit;

  AccessControl(ApiSettings settings) {
    this.read = settings.readToken().isEmpty() ? null : digest(settings.readToken());
    this.submit = settings.submitToken().isEmpty() ? null : digest(settings.submitToken());
  }

  boolean open() {
    return read == null && submit == null;
  }

  /** Null when the Authorization header grants {@code needed}, else the error to answer (401 or 403). */
  ApiResponse check(String authorization, Scope needed) {
    if (open()) {
      return null;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return ApiResponse.error(401, "missing bearer token (header Authorization: Bearer <token>)")
          .withHeader("WWW-Authenticate", "Bearer realm=\"fakewatch\"");
    }
    byte[] presented = digest(authorization.substring(7).strip());
    boolean isSubmit = submit != null && MessageDigest.isEqual(presented, submit);
    boolean isRead = read != null && MessageDigest.isEqual(presented, read);
    if (isSubmit || (isRead && needed == Scope.READ)) {
      return null;
    }
    if (isRead) {
      return ApiResponse.error(403, "this token has the read scope; submitting needs the submit token");
    }
    return ApiResponse.error(401, "unknown token").withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
