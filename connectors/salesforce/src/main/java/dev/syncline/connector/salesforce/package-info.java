/**
 * Destination type {@code salesforce}: maps Stripe objects onto sObjects (customers to Account and
 * Contact, subscriptions to Opportunity by default) and upserts them by external id, through sObject
 * Collections for live changes and Bulk API 2.0 ingest jobs for large runs, all through the guarded
 * client of {@link dev.syncline.connector.spi.SinkContext#http()}. Only
 * {@link dev.syncline.connector.salesforce.SalesforceConnectorProvider} is public.
 */
@NullMarked
package dev.syncline.connector.salesforce;

import org.jspecify.annotations.NullMarked;
