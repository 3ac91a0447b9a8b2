package io.fakewatch.detect;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.evidence.EvidenceSettings;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The detect stage's keys: detector, thresholds, tracking and the crop margin (and the evidence thumbnail size). */
public record DetectSettings(
    String model,
    double scoreThreshold,
    double nmsIou,
    double marginWidth,
    double marginHeight,
    int minFacePx,
    double maxFaceFraction,
    int minTrackFrames,
    double trackIou,
    int jpegQuality,
    int thumbnailPx,
    int thumbnailQuality,
    String resizeInterpolation,
    int intraOpThreads) {

  public static final String MODEL = "detect.model";
  public static final String SCORE_THRESHOLD = "detect.score.threshold";
  public static final String NMS_IOU = "detect.nms.iou";
  public static final String MARGIN_WIDTH = "detect.margin.width";
  public static final String MARGIN_HEIGHT = "detect.margin.height";
  public static final String MIN_FACE_PX = "detect.min.face.px";
  public static final String MAX_FACE_FRACTION = "detect.max.face.fraction";
  public static final String MIN_TRACK_FRAMES = "detect.min.track.frames";
  public static final String TRACK_IOU = "detect.track.iou";
  public static final String JPEG_QUALITY = "detect.jpeg.quality";
  public static final String RESIZE_INTERPOLATION = "detect.resize.interpolation";
  public static final String INTRA_OP_THREADS = "detect.intra.op.threads";

  public static void define(ConfigDef def) {
    def.define(MODEL, Type.STRING, "yunet_s_640_640", HIGH,
            "Face detector from the model manifest: yunet_s_640_640 (default) or ultraface_rfb_320")
        .define(SCORE_THRESHOLD, Type.DOUBLE, 0.6, Range.between(0.0, 1.0), MEDIUM, "Minimum detector score")
        .define(NMS_IOU, Type.DOUBLE, 0.3, Range.between(0.0, 1.0), LOW, "Non-maximum suppression IoU")
        .define(MARGIN_WIDTH, Type.DOUBLE, 1.67, Range.between(1.0, 4.0), HIGH,
            "Crop width as a multiple of the face box width (DFDC top solutions: ~1.67)")
        .define(MARGIN_HEIGHT, Type.DOUBLE, 1.43, Range.between(1.0, 4.0), HIGH,
            "Crop height as a multiple of the face box height (~1.43; face boxes are taller than wide, so crops come out near square)")
        .define(MIN_FACE_PX, Type.INT, 40, Range.atLeast(1), MEDIUM, "Faces narrower than this (full-frame pixels) are not cropped")
        .define(MAX_FACE_FRACTION, Type.DOUBLE, 0.95, Range.between(0.1, 1.0), LOW,
            "Boxes wider or taller than this fraction of the frame are implausible and dropped")
        .define(MIN_TRACK_FRAMES, Type.INT, 3, Range.atLeast(1), MEDIUM,
            "Tracks seen in fewer sampled frames are spurious and left out of the manifest (their scores are ignored)")
        .define(TRACK_IOU, Type.DOUBLE, 0.2, Range.between(0.0, 1.0), LOW,
            "A detection joins the track whose last box it overlaps most, if the IoU reaches this")
        .define(JPEG_QUALITY, Type.INT, 92, Range.between(50, 100), LOW, "JPEG quality of face crops")
        .define(RESIZE_INTERPOLATION, Type.STRING, "linear", ConfigDef.ValidString.in("linear", "area"), LOW,
            "How a frame is downscaled for YuNet: linear (bilinear, as the temporal model's reference prototype;"
                + " its scores move by up to 0.13 on 1080p videos with area) or area")
        .define(INTRA_OP_THREADS, Type.INT, 1, Range.between(0, 256), MEDIUM,
            "ONNX Runtime threads in one face-detector run. 1: each frame's run on one core, the frames of a batch or"
                + " clip in parallel, each decoded, detected and cropped on its own (less CPU a frame than one run spread"
                + " over every core, and no core waits while another decodes; docs/benchmarks.md); 0: onnx.intra.op.threads"
                + " for a run, with the frames still in parallel");
  }

  public static DetectSettings from(FakeWatchConfig config) {
    return new DetectSettings(config.getString(MODEL), config.getDouble(SCORE_THRESHOLD), config.getDouble(NMS_IOU),
        config.getDouble(MARGIN_WIDTH), config.getDouble(MARGIN_HEIGHT), config.getInt(MIN_FACE_PX),
        config.getDouble(MAX_FACE_FRACTION), config.getInt(MIN_TRACK_FRAMES), config.getDouble(TRACK_IOU),
        config.getInt(JPEG_QUALITY), config.getInt(EvidenceSettings.THUMBNAIL_PX),
        config.getInt(EvidenceSettings.THUMBNAIL_QUALITY), config.getString(RESIZE_INTERPOLATION),
        config.getInt(INTRA_OP_THREADS));
  }

  /** OpenCV's resize flag for {@link #resizeInterpolation}. */
  public int resizeFlag() {
    return resizeInterpolation.equals("area") ? org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA
        : org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
  }
}
