package io.fakewatch.cli;

import picocli.CommandLine;

final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = FakeWatchCli.class.getPackage().getImplementationVersion();
    return new String[] {"fakewatch " + (version == null ? "dev" : version)};
  }
}
