package dev.sparse4j.api;

/**
 * A plugin — a pruner, allocator, backend or exporter, built in or a user's — broke a rule of the API in a way its
 * user can act on: two plugins with one name, scores that are not finite, masks that do not follow the plan. The
 * message names the plugin and what it did. The CLI reports it in one line (exit code 2), not as an internal error.
 */
public class PluginException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message names the plugin and the broken rule. */
  public PluginException(String message) {
    super(message);
  }
}
