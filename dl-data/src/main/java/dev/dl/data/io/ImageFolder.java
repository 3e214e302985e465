package dev.dl.data.io;

import dev.dl.Tensor;
import dev.dl.data.Dataset;
import dev.dl.data.Example;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Images in one subfolder per class ({@code root/cat/001.png}, {@code root/dog/xyz.jpg}), as
 * torchvision's {@code ImageFolder}: classes are the sorted subfolder names, samples the image
 * files inside them (sorted), read with ImageIO when loaded.
 *
 * <pre>{@code
 * var ds = new ImageFolder(Path.of("data/train"), Compose.of(new ToTensor(), new Resize(64, 64)));
 * List<String> names = ds.classes();
 * }</pre>
 */
public final class ImageFolder implements Dataset<Example> {
  private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "wbmp");

  private final List<String> classes;
  private final List<Path> files;
  private final int[] targets;
  private final Function<? super BufferedImage, ? extends Tensor> transform;

  /** Scans {@code root}; {@code transform} turns each image into a tensor (e.g. {@code new ToTensor()}). */
  public ImageFolder(Path root, Function<? super BufferedImage, ? extends Tensor> transform) {
    this.transform = java.util.Objects.requireNonNull(transform, "transform (e.g. new ToTensor())");
    List<String> names = new ArrayList<>();
    List<Path> found = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(names::add);
      for (int c = 0; c < names.size(); c++) {
        try (Stream<Path> images = Files.walk(root.resolve(names.get(c)))) {
          List<Path> inClass = images.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList();
          found.addAll(inClass);
          for (int i = 0; i < inClass.size(); i++) labels.add(c);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ImageFolder: cannot list " + root + ": " + e.getMessage(), e);
    }
    if (names.isEmpty()) throw new IllegalArgumentException("ImageFolder: couldn't find any class folder in " + root);
    if (found.isEmpty()) {
      throw new IllegalArgumentException("ImageFolder: found no valid image file in the class folders of " + root
          + "; supported extensions are " + EXTENSIONS);
    }
    this.classes = List.copyOf(names);
    this.files = List.copyOf(found);
    this.targets = labels.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Class names in index order. */
  public List<String> classes() { return classes; }

  /** The image files in sample order. */
  public List<Path> files() { return files; }

  @Override
  public Example get(int index) {
    Dataset.checkIndex(index, files.size(), "ImageFolder");
    Path file = files.get(index);
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new MalformedDataException(file + ": cannot decode image: " + e.getMessage(), e);
    }
    if (img == null) throw new MalformedDataException(file + ": not an image format ImageIO can read");
    return Example.of(transform.apply(img), targets[index]);
  }

  @Override
  public int size() { return files.size(); }
}
