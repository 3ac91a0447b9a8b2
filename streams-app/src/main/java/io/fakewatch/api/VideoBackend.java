package io.fakewatch.api;

/**
 * Where the router's validated queries are answered: the verdict stage's stores through Interactive Queries
 * ({@link InteractiveQueries}), forwarding to the instance that owns a video when that is not this one.
 */
interface VideoBackend {
  /** Recent verdicts, newest first. */
  ApiResponse list(ListQuery query, ApiRequest request);

  /** 200 the verdict with its evidence, 202 in flight, 404 unknown. */
  ApiResponse video(String videoId, ApiRequest request);

  /** 200 image/jpeg, 404 when absent. */
  ApiResponse thumbnail(String videoId, int trackId, int frameIndex, ApiRequest request);

  /** label and status null for any; limit in 1..500. */
  record ListQuery(String label, String status, int limit) {
    String toQueryString() {
      return "limit=" + limit + (label == null ? "" : "&label=" + label) + (status == null ? "" : "&status=" + status);
    }
  }
}
