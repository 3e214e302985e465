package dev.dl.bench;

/**
 * A conv2d benchmark's {@code conv} parameter, {@code "b32-3to64-32x32"}: batch 32, 3 input
 * channels, 64 output channels, 32x32 images. Kernel 3x3, stride 1, padding 1 throughout.
 */
record ConvCase(int batch, int inChannels, int outChannels, int height, int width) {
  static final int KERNEL = 3;
  static final int PADDING = 1;

  /** Parses {@code bN-CtoK-HxW}; fails naming the accepted form. */
  static ConvCase parse(String spec) {
    try {
      String[] parts = spec.trim().split("-");
      String[] channels = parts[1].split("to");
      String[] hw = parts[2].split("x");
      if (parts.length != 3 || !parts[0].startsWith("b") || channels.length != 2 || hw.length != 2) {
        throw new NumberFormatException();
      }
      return new ConvCase(Integer.parseInt(parts[0].substring(1)), Integer.parseInt(channels[0]),
          Integer.parseInt(channels[1]), Integer.parseInt(hw[0]), Integer.parseInt(hw[1]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("conv case '" + spec + "': expected bN-CtoK-HxW, e.g. b32-3to64-32x32");
    }
  }

  /** Forward FLOPs: with padding 1 and a 3x3 kernel the output is HxW. */
  double forwardFlops() { return 2.0 * batch * outChannels * height * width * inChannels * KERNEL * KERNEL; }
}
