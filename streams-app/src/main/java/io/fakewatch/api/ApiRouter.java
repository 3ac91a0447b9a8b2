package io.fakewatch.api;

import io.fakewatch.api.AccessControl.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes, checks and answers {@code /api/...} requests; no HTTP server or Kafka inside, so it is tested on its
 * own. Every path segment is matched raw: an escape ({@code %2e%2e}, {@code %2f}), a dot segment or an empty
 * segment (an absolute path smuggled in) never reaches a store lookup.
 */
final class ApiRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
  private static final Set<String> LIST_PARAMS = Set.of("label", "status", "limit");

  private final AccessControl access;
  private final VideoBackend backend;
  private final RequestSubmitter submitter;
  private final int maxBodyBytes;
  private final byte[] openApi;

  ApiRouter(ApiSettings settings, VideoBackend backend, RequestSubmitter submitter) {
    this.access = new AccessControl(settings);
    this.backend = backend;
    this.submitter = submitter;
    this.maxBodyBytes = settings.maxBodyBytes();
    this.openApi = openApiDocument();
  }

  int maxBodyBytes() {
    return maxBodyBytes;
  }

  ApiResponse handle(ApiRequest request) {
    try {
      return route(request);
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed: {}", request.method(), request.rawPath(), e.toString(), e);
      return ApiResponse.error(500, "internal error");
    }
  }

  private ApiResponse route(ApiRequest request) {
    String path = request.rawPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String[] parts = path.split("/", -1); // "", "api", ...
    if (parts.length < 2 || !parts[1].equals("api")) {
      return ApiResponse.error(404, "no such route");
    }
    if (parts.length == 3 && parts[2].equals("openapi.json")) {
      return onlyGet(request, () -> new ApiResponse(200, ApiResponse.JSON, openApi, Map.of()));
    }
    if (parts.length < 3 || !parts[2].equals("videos")) {
      return ApiResponse.error(404, "no such route; see /api/openapi.json");
    }
    if (parts.length == 3) {
      return switch (request.method()) {
        case "GET" -> authorized(request, Scope.READ, () -> list(request));
        case "POST" -> authorized(request, Scope.SUBMIT, () -> submit(request));
        default -> methodNotAllowed("GET, POST");
      };
    }
    if (parts.length == 4) {
      return onlyGet(request, () -> authorized(request, Scope.READ, () -> withId(parts[3],
          id -> backend.video(id, request))));
    }
    if (parts.length == 7 && parts[4].equals("thumbnails") && parts[6].endsWith(".jpg")) {
      return onlyGet(request, () -> authorized(request, Scope.READ, () -> withId(parts[3], id -> {
        try {
          int track = Validation.integer(parts[5], "track", Validation.MAX_TRACK);
          int frame = Validation.integer(parts[6].substring(0, parts[6].length() - 4), "frame", Validation.MAX_FRAME);
          return backend.thumbnail(id, track, frame, request);
        } catch (Validation.Invalid e) {
          return ApiResponse.error(400, e.getMessage());
        }
      })));
    }
    if (parts.length >= 5 && parts[4].equals("thumbnails") || hasUnsafeSegment(parts)) {
      return ApiResponse.error(400, "invalid thumbnail path: expected /api/videos/{id}/thumbnails/{track}/{frame}.jpg");
    }
    return ApiResponse.error(404, "no such route; see /api/openapi.json");
  }

  private static boolean hasUnsafeSegment(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isEmpty() || parts[i].equals("..") || parts[i].equals(".") || parts[i].contains("%")) {
        return true;
      }
    }
    return false;
  }

  private ApiResponse list(ApiRequest request) {
    try {
      Map<String, String> params = request.query();
      for (String name : params.keySet()) {
        if (!LIST_PARAMS.contains(name)) {
          return ApiResponse.error(400, "unknown query parameter '" + name + "'; expected " + LIST_PARAMS);
        }
      }
      VideoBackend.ListQuery query = new VideoBackend.ListQuery(Validation.label(params.get("label")),
          Validation.status(params.get("status")), Validation.limit(params.get("limit")));
      return backend.list(query, request);
    } catch (Validation.Invalid | IllegalArgumentException e) {
      return ApiResponse.error(400, e instanceof Validation.Invalid ? e.getMessage() : "malformed query string");
    }
  }

  private ApiResponse submit(ApiRequest request) {
    if (request.body().length > maxBodyBytes) {
      return ApiResponse.error(413, "request body over " + maxBodyBytes + " bytes");
    }
    return submitter.submit(request.body());
  }

  private interface Answer {
    ApiResponse get();
  }

  private interface IdAnswer {
    ApiResponse get(String videoId);
  }

  private static ApiResponse withId(String raw, IdAnswer answer) {
    try {
      return answer.get(Validation.videoId(raw));
    } catch (Validation.Invalid e) {
      return ApiResponse.error(400, e.getMessage());
    }
  }

  private ApiResponse authorized(ApiRequest request, Scope scope, Answer answer) {
    ApiResponse refused = access.check(request.authorization(), scope);
    return refused != null ? refused : answer.get();
  }

  private static ApiResponse onlyGet(ApiRequest request, Answer answer) {
    return request.method().equals("GET") ? answer.get() : methodNotAllowed("GET");
  }

  private static ApiResponse methodNotAllowed(String allow) {
    return ApiResponse.error(405, "method not allowed; allowed: " + allow).withHeader("Allow", allow);
  }

  private static byte[] openApiDocument() {
    try (InputStream in = ApiRouter.class.getResourceAsStream("/api/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("api/openapi.json missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
