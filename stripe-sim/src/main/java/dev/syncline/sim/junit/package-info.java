/**
 * JUnit Jupiter support: {@link dev.syncline.sim.junit.StripeSimulatorExtension} starts one
 * simulator per test class and injects it. JUnit is an optional dependency of this module; tests
 * that use the extension have it on their classpath already.
 */
@NullMarked
package dev.syncline.sim.junit;

import org.jspecify.annotations.NullMarked;
