/**
 * The Postgres server shared by every integration test of the project: a Testcontainers container
 * when Docker is available, an embedded Postgres otherwise, with one fresh database per test class.
 */
@NullMarked
package dev.syncline.testkit.postgres;

import org.jspecify.annotations.NullMarked;
