package org.actionalerts.platform;

/** Who is sending: named in HELP replies and email footers. */
public record Organisation(String name, String helpContact) {}
