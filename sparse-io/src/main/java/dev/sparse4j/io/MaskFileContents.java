package dev.sparse4j.io;

import java.util.Objects;

/**
 * What a mask file holds: the masks and how they were made.
 *
 * @param masks the masks, in file order
 * @param metadata the header, whose layers match {@code masks} name for name
 */
public record MaskFileContents(dev.sparse4j.api.MaskSet masks, MaskMetadata metadata) {

  /** Checks for nulls. */
  public MaskFileContents {
    Objects.requireNonNull(masks, "masks");
    Objects.requireNonNull(metadata, "metadata");
  }
}
