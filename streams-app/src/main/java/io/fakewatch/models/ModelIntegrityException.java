package io.fakewatch.models;

/** A model file whose sha256 differs from its manifest entry: never loaded. */
public final class ModelIntegrityException extends RuntimeException {
  public ModelIntegrityException(String message) {
    super(message);
  }
}
