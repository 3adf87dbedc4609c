"""What an image's bytes say about it, read as the formats define them. Stdlib only (the fakes use it too)."""

from __future__ import annotations


def gif_frames(data: bytes, *, enough: int = 0) -> int:
    """How many images a GIF holds: its Image Descriptors (GIF89a §20), found by walking its blocks.

    0 for anything that is not a GIF. With `enough`, the walk stops once that many are found
    (two tell an animation from a still image).
    """
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        return 0
    flags = data[10]
    at = 13 + (3 * 2 ** ((flags & 0x07) + 1) if flags & 0x80 else 0)  # header, screen, global colour table
    frames = 0

    def past_sub_blocks(at: int) -> int:
        while at < len(data) and data[at]:
            at += data[at] + 1
        return at + 1

    while at < len(data) and not (enough and frames >= enough):
        block = data[at]
        if block == 0x2C:  # Image Descriptor: 9 bytes, a local colour table, the LZW code size, the data
            frames += 1
            local = data[at + 9] if at + 9 < len(data) else 0
            at = past_sub_blocks(at + 10 + (3 * 2 ** ((local & 0x07) + 1) if local & 0x80 else 0) + 1)
        elif block == 0x21:  # an extension: its label, then its sub-blocks
            at = past_sub_blocks(at + 2)
        else:  # 0x3B, the trailer (or anything else: the end of what can be read)
            break
    return frames


def is_animated_gif(data: bytes) -> bool:
    """A GIF of more than one image: X takes it only as `tweet_gif`, and alone on a post."""
    return gif_frames(data, enough=2) > 1
