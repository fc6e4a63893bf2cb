package dev.syncline.sim.http;

/** A fully rendered JSON response; headers common to every response are added by the server. */
public record SimResponse(int status, byte[] body) {}
