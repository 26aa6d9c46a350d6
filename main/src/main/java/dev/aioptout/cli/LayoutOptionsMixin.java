package dev.aioptout.cli;

import picocli.CommandLine.Option;

/** The options every command that reads a layout shares. */
final class LayoutOptionsMixin {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "The layout file. Default: ai-optout.yaml or ai-optout.yml in the working directory (not"
                    + " both), else the embedded default (single account, every AI service opted out, fully locked).")
    String config;

    @Option(names = "--strict-services", description = "Treat unknown service keys as errors instead of warnings.")
    boolean strictServices;

    @Option(
            names = "--org",
            paramLabel = "ORG.json",
            description = "Prove the layout against this organization (the file ai-optout snapshot writes)"
                    + " instead of the tree the layout implies.")
    String org;
}
