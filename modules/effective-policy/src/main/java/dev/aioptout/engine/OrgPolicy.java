package dev.aioptout.engine;

/** An AI opt-out policy of the organization; {@code content} is the document as stored. */
public record OrgPolicy(String id, String name, String content) {}
