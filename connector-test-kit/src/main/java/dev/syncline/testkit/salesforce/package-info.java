/**
 * A stateful fake of the parts of Salesforce's REST API that Syncline speaks, on 127.0.0.1 over
 * HTTPS: the OAuth token endpoint (client credentials and a signature-checked JWT bearer), sessions
 * that can be expired, sObject Collections upsert by external id, the Bulk API 2.0 ingest job
 * lifecycle with CSV, {@code Sforce-Limit-Info}, {@code REQUEST_LIMIT_EXCEEDED}, injected 5xx and
 * per-record errors, and request counters. It follows the reference contract
 * ({@code crm-apis.md} §2.8) so connector tests run without a Salesforce org.
 */
@NullMarked
package dev.syncline.testkit.salesforce;

import org.jspecify.annotations.NullMarked;
