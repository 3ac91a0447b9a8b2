package io.fakewatch.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.fakewatch.models.ModelSpec;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens sessions on the one process-wide OrtEnvironment, asking for CUDA when configured, else CPU, with the
 * threads, spinning, graph optimisation and CPU memory (arena, memory pattern) of {@link OnnxSettings}.
 */
final class OnnxSessions {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);

  private OnnxSessions() {}

  static OnnxModel open(ModelSpec spec, Path file, OnnxSettings settings) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    boolean wantCuda = settings.provider().equals("cuda")
        || (settings.provider().equals("auto") && env.getAvailableProviders().contains(OrtProvider.CUDA));
    try {
      if (wantCuda) {
        try (OrtSession.SessionOptions options = options(settings)) {
          options.addCUDA(settings.cudaDevice());
          return new OnnxModel(spec, env.createSession(file.toString(), options), "cuda");
        } catch (OrtException | UnsatisfiedLinkError e) {
          LOG.warn("model {}: CUDA execution provider unavailable ({}); falling back to CPU", spec.name(), e.getMessage());
        }
      }
      try (OrtSession.SessionOptions options = options(settings)) {
        return new OnnxModel(spec, env.createSession(file.toString(), options), "cpu");
      }
    } catch (OrtException e) {
      throw new IllegalStateException("model " + spec.name() + ": ONNX Runtime cannot load " + file
          + " (expected sha256 " + spec.sha256() + "): " + e.getMessage(), e);
    }
  }

  private static OrtSession.SessionOptions options(OnnxSettings settings) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    // the shared UltraFace export lists its weights as graph inputs: ORT warns once per weight at WARNING
    options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    if (settings.intraOpThreads() > 0) {
      options.setIntraOpNumThreads(settings.intraOpThreads());
    }
    options.addConfigEntry("session.intra_op.allow_spinning", settings.spinning().equals("off") ? "0" : "1");
    options.addConfigEntry("session.force_spinning_stop", settings.spinning().equals("run") ? "1" : "0");
    // the arena on and the memory pattern off by default (OnnxSettings: speed, and one arena block for all batch sizes)
    options.setCPUArenaAllocator(settings.cpuArena());
    options.setMemoryPatternOptimization(settings.memoryPattern());
    options.setOptimizationLevel(switch (settings.optimization()) {
      case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
      case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
      case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
      default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
    });
    return options;
  }
}
