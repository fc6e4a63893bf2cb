/**
 * Destination type {@code hubspot}: upserts Stripe customers and subscriptions (and any other type
 * given a mapping) into HubSpot contacts, companies and deals by a unique {@code stripe_*_id}
 * property, associates deals with their customer's records through the v4 API, keeps "newer wins"
 * with a version stamp stored on each record, and paces itself to the private app's ten-second
 * limit. Only {@link dev.syncline.connector.hubspot.HubSpotConnectorProvider} is public.
 */
@NullMarked
package dev.syncline.connector.hubspot;

import org.jspecify.annotations.NullMarked;
