/**
 * Declared configuration: {@link dev.syncline.connector.config.ConfigSpec} lists the keys a
 * component accepts, validates a YAML subtree reporting every
 * {@link dev.syncline.connector.config.ConfigProblem} with its path, and parses it into a typed
 * {@link dev.syncline.connector.config.ConnectorConfig}. Secrets are never shown.
 */
@NullMarked
package dev.syncline.connector.config;

import org.jspecify.annotations.NullMarked;
