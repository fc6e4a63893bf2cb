/**
 * A stateful fake of the HubSpot CRM API on 127.0.0.1 for connector tests and benchmarks, following
 * the contract the HubSpot connector is written against: object records with unique id properties,
 * batch upsert, read and archive with HubSpot's limits and error shapes, the Properties API,
 * associations v4, the ten-second and daily rate limits with their headers and 429 bodies, the
 * search limit, injectable faults (423, 5xx, 477, 429 at request N, per-input rejections) and
 * request counters. Start one with {@link dev.syncline.testkit.hubspot.FakeHubSpot#start()}.
 */
@NullMarked
package dev.syncline.testkit.hubspot;

import org.jspecify.annotations.NullMarked;
