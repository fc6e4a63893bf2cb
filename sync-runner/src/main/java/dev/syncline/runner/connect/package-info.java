/**
 * Stripe Connect: which connected accounts are synced ({@link dev.syncline.runner.connect.ConnectedAccounts}),
 * what syncing one means ({@link dev.syncline.runner.connect.AccountSync}, a backfill per pipeline under the
 * account's {@code Stripe-Account}), and their status for analysts in {@code syncline.accounts}
 * ({@link dev.syncline.runner.connect.AccountStore}); which replica runs which account, under per-account
 * leases ({@link dev.syncline.runner.connect.OwnedAccounts}). See ADR 0009, 0010.
 */
@NullMarked
package dev.syncline.runner.connect;

import org.jspecify.annotations.NullMarked;
