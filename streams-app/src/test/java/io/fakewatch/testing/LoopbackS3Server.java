package io.fakewatch.testing;

import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.ingest.S3Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-API server on 127.0.0.1: s3proxy over jclouds' in-memory ({@code transient}) blob store, with
 * AWS v2/v4 signatures checked against one access key pair. Objects are put through jclouds directly, so a
 * test's setup does not depend on the S3 client under test.
 */
public final class LoopbackS3Server implements AutoCloseable {
  public static final String ACCESS_KEY_ID = "fakewatch-test";
  public static final String SECRET_ACCESS_KEY = "fakewatch-test-secret";

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  private LoopbackS3Server() throws Exception {
    Properties overrides = new Properties();
    context = ContextBuilder.newBuilder("transient").credentials("unused", "unused").overrides(overrides)
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY).build();
    proxy.start();
    for (long deadline = System.nanoTime() + 10_000_000_000L; !"STARTED".equals(proxy.getState()); Thread.sleep(5)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
    }
  }

  public static LoopbackS3Server start() throws Exception {
    return new LoopbackS3Server();
  }

  public int port() {
    return proxy.getPort();
  }

  /** For {@code ingest.s3.endpoint}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** This server's ip:port, for {@code ingest.allowed.private.endpoints}. */
  public String endpoint() {
    return "127.0.0.1:" + port();
  }

  public LoopbackS3Server put(String bucket, String key, byte[] body) {
    BlobStore store = context.getBlobStore();
    store.createContainerInLocation(null, bucket);
    store.putBlob(bucket, store.blobBuilder(key).payload(body).contentLength(body.length).build());
    return this;
  }

  public LoopbackS3Server put(String bucket, String key, Path file) throws Exception {
    return put(bucket, key, Files.readAllBytes(file));
  }

  /** Settings that reach this server path-style with its key pair; its address allowed and no other private one. */
  public Map<String, String> settings(String... buckets) {
    Map<String, String> values = new HashMap<>();
    values.put(S3Settings.ENDPOINT, url());
    values.put(S3Settings.PATH_STYLE, "true");
    values.put(S3Settings.BUCKETS, String.join(",", buckets));
    values.put(S3Settings.ACCESS_KEY_ID, ACCESS_KEY_ID);
    values.put(S3Settings.SECRET_ACCESS_KEY, SECRET_ACCESS_KEY);
    values.put(IngestSettings.ALLOWED_PRIVATE_ENDPOINTS, endpoint());
    return values;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
