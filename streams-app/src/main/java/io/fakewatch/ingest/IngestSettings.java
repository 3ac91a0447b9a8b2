package io.fakewatch.ingest;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The ingest stage's keys: sampling, the URI policy, and the limits that make a video REJECTED. */
public record IngestSettings(
    int framesPerVideo,
    int framesPerBatch,
    int jpegQuality,
    int detectionCopyPx,
    List<String> allowedSchemes,
    List<Path> fileRoots,
    boolean allowPrivateAddresses,
    List<String> allowedPrivateEndpoints,
    long maxDownloadBytes,
    Duration connectTimeout,
    Duration readTimeout,
    int maxRedirects,
    Duration maxDuration,
    long maxPixels,
    int maxFramesDecoded,
    Duration decodeTimeout,
    Path tempDir,
    int maxMessageBytes,
    int clipsPerVideo,
    int clipFrames,
    int clipJpegQuality,
    String clipTransport,
    Duration fetchDeadline,
    S3Settings s3,
    boolean isolated,
    int decodeWorkers,
    int workerMemoryMb,
    int decodeCpuSeconds,
    int workerOpenFiles,
    int workerFileSizeMb,
    int maxAttempts,
    String decodeSkip) {

  public static final String FRAMES_PER_VIDEO = "ingest.frames.per.video";
  public static final String FRAMES_PER_BATCH = "ingest.frames.per.batch";
  public static final String JPEG_QUALITY = "ingest.jpeg.quality";
  public static final String DETECTION_COPY_PX = "ingest.detection.copy.px";
  public static final String ALLOWED_SCHEMES = "ingest.allowed.schemes";
  public static final String FILE_ROOTS = "ingest.file.roots";
  public static final String ALLOW_PRIVATE = "ingest.allow.private.addresses";
  public static final String ALLOWED_PRIVATE_ENDPOINTS = "ingest.allowed.private.endpoints";
  public static final String MAX_DOWNLOAD_BYTES = "ingest.max.download.bytes";
  public static final String CONNECT_TIMEOUT_MS = "ingest.connect.timeout.ms";
  public static final String READ_TIMEOUT_MS = "ingest.read.timeout.ms";
  public static final String MAX_REDIRECTS = "ingest.max.redirects";
  public static final String MAX_DURATION_S = "ingest.max.duration.seconds";
  public static final String MAX_PIXELS = "ingest.max.pixels";
  public static final String MAX_FRAMES_DECODED = "ingest.max.frames.decoded";
  public static final String DECODE_TIMEOUT_MS = "ingest.decode.timeout.ms";
  public static final String TEMP_DIR = "ingest.temp.dir";
  public static final String CLIPS_PER_VIDEO = "ingest.clips.per.video";
  public static final String CLIP_FRAMES = "ingest.clip.frames";
  public static final String CLIP_JPEG_QUALITY = "ingest.clip.jpeg.quality";
  public static final String CLIP_TRANSPORT = "ingest.clip.transport";
  public static final String FETCH_DEADLINE_MS = "ingest.fetch.deadline.ms";
  public static final String DECODE_SKIP = "ingest.decode.skip";
  public static final String SKIP_NONREF = "nonref";
  public static final String SKIP_NONE = "none";

  /** The decode leaves out the H.264 pictures nothing references and nothing samples. */
  public boolean skipsNonReference() {
    return SKIP_NONREF.equals(decodeSkip);
  }

  /** Clips travel as the source's packets (lossless) rather than JPEG. */
  public boolean clipsAsPackets() {
    return "packets".equals(clipTransport);
  }
  // decoder isolation and the poison-video guard (issue 15)
  public static final String DECODE_ISOLATION = "ingest.decode.isolation";
  public static final String DECODE_WORKERS = "ingest.decode.workers";
  public static final String WORKER_MEMORY_MB = "ingest.decode.worker.memory.mb";
  public static final String DECODE_CPU_SECONDS = "ingest.decode.cpu.seconds";
  public static final String WORKER_OPEN_FILES = "ingest.decode.worker.open.files";
  public static final String WORKER_FILE_SIZE_MB = "ingest.decode.worker.file.size.mb";
  public static final String MAX_ATTEMPTS = "ingest.max.attempts";
  public static final String PROCESS = "process";
  public static final String IN_PROCESS = "in-process";

  public static void define(ConfigDef def) {
    def.define(FRAMES_PER_VIDEO, Type.INT, 32, Range.between(1, 1000), HIGH,
            "Frames sampled per video, evenly spaced in time (DFDC solutions used about 30)")
        .define(FRAMES_PER_BATCH, Type.INT, 8, Range.between(1, 1000), MEDIUM,
            "Frames per FrameBatch record; a batch is also cut early to stay under the frames topic's max.message.bytes")
        .define(JPEG_QUALITY, Type.INT, 95, Range.between(50, 100), MEDIUM, "JPEG quality of sampled frames")
        .define(DETECTION_COPY_PX, Type.INT, 640, Range.between(0, 4096), MEDIUM,
            "Each sampled frame larger than this (longer side, px) also travels scaled down to fit it, for the face"
                + " detector (YuNet's input is 640), and its full-resolution JPEG carries restart markers so detect decodes"
                + " only the intervals under a face; 0: neither, detect decodes every full frame")
        .define(ALLOWED_SCHEMES, Type.LIST, "file,http,https,s3", MEDIUM,
            "URI schemes ingest will fetch (s3:// only from the buckets in " + S3Settings.BUCKETS + ")")
        .define(FILE_ROOTS, Type.LIST, "", HIGH,
            "Directories file: URIs may read from (symlinks and .. resolved first); empty: the working directory only")
        .define(ALLOW_PRIVATE, Type.BOOLEAN, false, HIGH,
            "Allow http(s) to loopback, link-local, site-local and unique-local addresses (off: no server-side request forgery)")
        .define(ALLOWED_PRIVATE_ENDPOINTS, Type.LIST, "", MEDIUM,
            "Non-public ip:port endpoints http(s) may reach although private addresses are refused, e.g. an internal"
                + " video store 10.0.0.5:8080 or [fd00::5]:443; IP literals only (the resolved address is compared),"
                + " every other private address and port stays refused")
        .define(MAX_DOWNLOAD_BYTES, Type.LONG, 512L * 1024 * 1024, Range.atLeast(1), MEDIUM, "Largest video fetched or read")
        .define(CONNECT_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), MEDIUM, "http(s) and s3:// connect time-out")
        .define(READ_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), MEDIUM,
            "http(s) and s3://: longest wait for response headers and longest silence while reading the body")
        .define(MAX_REDIRECTS, Type.INT, 5, Range.between(0, 20), LOW, "Redirects followed, each checked by the URI policy")
        .define(MAX_DURATION_S, Type.LONG, 1800L, Range.atLeast(1), MEDIUM, "Longer videos are REJECTED from their header")
        .define(MAX_PIXELS, Type.LONG, 4096L * 4096, Range.atLeast(1), MEDIUM, "Larger frames (width × height) are REJECTED")
        .define(MAX_FRAMES_DECODED, Type.INT, 100_000, Range.atLeast(1), LOW, "Most frames decoded for one video")
        .define(DECODE_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(1), MEDIUM,
            "Longest time to open, decode and sample one video (checked after every frame); over it the video"
                + " is a DECODE_ERROR (DECODE_TIMEOUT). With the fetch it must stay well inside the stage's"
                + " 300 s transaction time-out, or the transaction is aborted and the same video decoded again")
        .define(TEMP_DIR, Type.STRING, System.getProperty("java.io.tmpdir"), LOW, "Where http(s) and s3:// downloads are staged")
        .define(CLIPS_PER_VIDEO, Type.INT, 4, Range.between(0, 64), HIGH,
            "Clips of consecutive frames per video for the temporal model, evenly spaced (0: none, the temporal"
                + " model abstains); a video shorter than one clip gets none")
        .define(CLIP_FRAMES, Type.INT, 30, Range.between(2, 300), MEDIUM,
            "Consecutive decoded frames per clip, at the video's own frame rate (LRNet's block is 30)")
        .define(CLIP_JPEG_QUALITY, Type.INT, 85, Range.between(50, 100), MEDIUM,
            "JPEG quality of clip frames that travel as JPEG (ingest.clip.transport=jpeg, or a clip whose packets"
                + " cannot be cut): a whole clip travels as one record under the frames topic's max.message.bytes")
        .define(CLIP_TRANSPORT, Type.STRING, "packets", ConfigDef.ValidString.in("packets", "jpeg"), MEDIUM,
            "How clip frames reach detect. packets: the source's own compressed packets from the keyframe before"
                + " the clip, remuxed without re-encoding and decoded in detect — the very pixels ingest decoded"
                + " (the temporal model moves by up to 0.2 on JPEG noise, docs/evaluation.md); detect then decodes"
                + " from that keyframe. jpeg: each frame as JPEG at ingest.clip.jpeg.quality")
        .define(DECODE_SKIP, Type.STRING, SKIP_NONREF, ConfigDef.ValidString.in(SKIP_NONREF, SKIP_NONE), MEDIUM,
            "Pictures the decode leaves out. nonref: H.264 pictures that no other picture references (nal_ref_idc 0)"
                + " and that are neither sampled nor in a clip are never sent to the decoder (about half of an x264"
                + " stream with B-frames); the frames that come out are bit for bit those of a full decode, and a"
                + " video whose packets do not make that certain (no times, another codec, a decode that differs"
                + " from the plan) is decoded in full. none: every picture is decoded");
    // fetching: the total download time of http(s) and s3://, and the s3:// keys
    def.define(FETCH_DEADLINE_MS, Type.LONG, 120_000L, Range.atLeast(1), MEDIUM,
        "Longest time to fetch one video over http(s) or s3://, all redirect hops and the whole body together"
            + " (a server trickling bytes just inside the read time-out is cut off here); over it the video is a"
            + " FETCH_ERROR (TIMEOUT). With the decode it must stay well inside the stage's 300 s transaction time-out");
    S3Settings.define(def);
    defineIsolation(def);
  }

  private static void defineIsolation(ConfigDef def) {
    def.define(DECODE_ISOLATION, Type.STRING, PROCESS, ConfigDef.ValidString.in(PROCESS, IN_PROCESS), HIGH,
            "Where FFmpeg decodes: 'process' (worker processes with resource limits and no network, so a crashing or"
                + " hanging decoder costs one video a DECODE_ERROR) or 'in-process' (this JVM; for hosts that cannot fork)")
        .define(DECODE_WORKERS, Type.INT, 0, Range.between(0, 64), MEDIUM,
            "Decoder worker processes kept warm; 0: one per stream thread (stream.threads)")
        .define(WORKER_MEMORY_MB, Type.INT, 2048, Range.between(768, 1 << 20), MEDIUM,
            "Address-space limit of a decoder worker (RLIMIT_AS), in MiB; the worker's JVM with FFmpeg and OpenCV loaded"
                + " peaked at 1.2-1.5 GiB of it decoding 640x480 and 1080p videos (docs/reliability.md)")
        .define(DECODE_CPU_SECONDS, Type.INT, 300, Range.between(1, 86_400), MEDIUM,
            "CPU seconds a decoder worker is sure to have left for each video; its RLIMIT_CPU is 10 times this, and a worker"
                + " with less than this left is replaced before its next video. Over the limit the worker is killed"
                + " (SIGXCPU) and the video is a DECODE_ERROR")
        .define(WORKER_OPEN_FILES, Type.INT, 1024, Range.between(32, 1 << 20), LOW,
            "Open-file limit of a decoder worker (RLIMIT_NOFILE): the JVM's class path jars, its libraries, the video")
        .define(WORKER_FILE_SIZE_MB, Type.INT, 64, Range.between(1, 1 << 20), LOW,
            "Largest file a decoder worker may write (RLIMIT_FSIZE), in MiB: it writes nothing but a crash report")
        .define(MAX_ATTEMPTS, Type.INT, 2, Range.between(1, 100), MEDIUM,
            "Attempts on one video that may end with the ingest process dying (a decoder crash in-process, an OOM kill,"
                + " a host crash); at this many the video is a DECODE_ERROR (POISON_VIDEO) without being decoded again."
                + " Counted in files under state.dir, outside the Kafka transaction");
  }

  public static IngestSettings from(FakeWatchConfig config) {
    List<Path> roots = config.getList(FILE_ROOTS).stream().filter(s -> !s.isBlank()).map(Path::of).toList();
    return new IngestSettings(
        config.getInt(FRAMES_PER_VIDEO),
        config.getInt(FRAMES_PER_BATCH),
        config.getInt(JPEG_QUALITY),
        config.getInt(DETECTION_COPY_PX),
        config.getList(ALLOWED_SCHEMES),
        roots.isEmpty() ? List.of(Path.of("").toAbsolutePath()) : roots,
        config.getBoolean(ALLOW_PRIVATE),
        config.getList(ALLOWED_PRIVATE_ENDPOINTS).stream().filter(s -> !s.isBlank()).map(String::strip).toList(),
        config.getLong(MAX_DOWNLOAD_BYTES),
        Duration.ofMillis(config.getLong(CONNECT_TIMEOUT_MS)),
        Duration.ofMillis(config.getLong(READ_TIMEOUT_MS)),
        config.getInt(MAX_REDIRECTS),
        Duration.ofSeconds(config.getLong(MAX_DURATION_S)),
        config.getLong(MAX_PIXELS),
        config.getInt(MAX_FRAMES_DECODED),
        Duration.ofMillis(config.getLong(DECODE_TIMEOUT_MS)),
        Path.of(config.getString(TEMP_DIR)),
        config.getInt(ConfigKeys.FRAMES_MAX_MESSAGE_BYTES),
        config.getInt(CLIPS_PER_VIDEO),
        config.getInt(CLIP_FRAMES),
        config.getInt(CLIP_JPEG_QUALITY),
        config.getString(CLIP_TRANSPORT),
        Duration.ofMillis(config.getLong(FETCH_DEADLINE_MS)),
        S3Settings.from(config),
        PROCESS.equals(config.getString(DECODE_ISOLATION)),
        config.getInt(DECODE_WORKERS) > 0 ? config.getInt(DECODE_WORKERS) : config.getInt(ConfigKeys.STREAM_THREADS),
        config.getInt(WORKER_MEMORY_MB),
        config.getInt(DECODE_CPU_SECONDS),
        config.getInt(WORKER_OPEN_FILES),
        config.getInt(WORKER_FILE_SIZE_MB),
        config.getInt(MAX_ATTEMPTS),
        config.getString(DECODE_SKIP));
  }

  /** The keys a decoder worker reads (sampling, limits, batching), as key=value arguments for its command line. */
  List<String> decodeArguments() {
    return List.of(FRAMES_PER_VIDEO + "=" + framesPerVideo, FRAMES_PER_BATCH + "=" + framesPerBatch,
        JPEG_QUALITY + "=" + jpegQuality, DETECTION_COPY_PX + "=" + detectionCopyPx, MAX_DURATION_S + "=" + maxDuration.toSeconds(), MAX_PIXELS + "=" + maxPixels,
        MAX_FRAMES_DECODED + "=" + maxFramesDecoded, DECODE_TIMEOUT_MS + "=" + decodeTimeout.toMillis(),
        ConfigKeys.FRAMES_MAX_MESSAGE_BYTES + "=" + maxMessageBytes, CLIPS_PER_VIDEO + "=" + clipsPerVideo,
        CLIP_FRAMES + "=" + clipFrames, CLIP_JPEG_QUALITY + "=" + clipJpegQuality,
        CLIP_TRANSPORT + "=" + clipTransport, DECODE_SKIP + "=" + decodeSkip, DECODE_ISOLATION + "=" + IN_PROCESS);
  }
}
