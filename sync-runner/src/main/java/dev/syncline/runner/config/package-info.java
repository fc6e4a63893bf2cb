/**
 * The configuration of a Syncline process: one YAML file, environment references for secrets,
 * validated at startup by {@link dev.syncline.runner.config.ConfigReader}, which reports every
 * problem at once with its YAML path.
 */
@NullMarked
package dev.syncline.runner.config;

import org.jspecify.annotations.NullMarked;
