package dev.dl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {
  /** A small CNN-like model with nested names, as a PyTorch user would write it. */
  static final class Net extends UnaryModule {
    final Sequential features;
    final Linear classifier;

    Net() {
      features = registerModule("features", new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new ReLU()));
      classifier = registerModule("classifier", new Linear(8, 3));
    }

    @Override
    public Tensor forward(Tensor x) { return classifier.apply(features.apply(x).flatten(1, -1)); }
  }

  @Test
  void namesFollowPyTorch() {
    Net net = new Net();
    assertEquals(List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "classifier.weight",
        "classifier.bias"), new ArrayList<>(net.namedParameters().keySet()));
    assertEquals(List.of("features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked"),
        new ArrayList<>(net.namedBuffers().keySet()));
    assertEquals(List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "features.1.running_mean",
        "features.1.running_var", "features.1.num_batches_tracked", "classifier.weight", "classifier.bias"),
        new ArrayList<>(net.stateDict().keySet()));
    assertEquals(List.of("features", "classifier"), new ArrayList<>(net.namedChildren().keySet()));
    assertEquals(List.of("", "features", "features.0", "features.1", "features.2", "classifier"),
        new ArrayList<>(net.namedModules().keySet()));
    assertEquals(6, net.modules().size());
    assertEquals(6, net.parameters().size());
    assertEquals(3, net.buffers().size());
  }

  @Test
  void sharedParametersAreListedOnce() {
    Linear shared = new Linear(2, 2);
    Sequential s = new Sequential(shared, new ReLU(), shared);
    assertEquals(List.of("0.weight", "0.bias"), new ArrayList<>(s.namedParameters().keySet()));
    assertEquals(2, s.modules().size() - 1);
  }

  @Test
  void namedSequentialUsesGivenNames() {
    Map<String, UnaryModule> m = new LinkedHashMap<>();
    m.put("fc1", new Linear(2, 3));
    m.put("act", new Tanh());
    m.put("fc2", new Linear(3, 1));
    Sequential s = new Sequential(m);
    assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), new ArrayList<>(s.namedParameters().keySet()));
    assertSame(m.get("act"), s.get(1));
    assertSame(m.get("fc2"), s.get(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> s.get(3));
    assertThrows(IllegalArgumentException.class, () -> s.add("fc1", new ReLU()));
  }

  @Test
  void trainEvalPropagates() {
    Net net = new Net();
    assertTrue(net.isTraining());
    net.eval();
    for (Module m : net.modules()) assertFalse(m.isTraining());
    net.train();
    for (Module m : net.modules()) assertTrue(m.isTraining());
  }

  @Test
  void zeroGradSetsNoneAndRequiresGradFreezes() {
    Linear fc = new Linear(3, 2);
    fc.apply(Tensor.ones(1, 3)).sum().backward();
    assertTrue(fc.weight.grad() != null);
    fc.zeroGrad(false);
    assertEquals(0.0, fc.weight.grad().abs().sum().item());
    fc.zeroGrad();
    assertNull(fc.weight.grad());
    fc.requiresGrad_(false);
    for (Parameter p : fc.parameters()) assertFalse(p.requiresGrad());
    assertFalse(fc.apply(Tensor.ones(1, 3)).requiresGrad());
  }

  @Test
  void applyVisitsChildrenFirst() {
    Net net = new Net();
    List<String> seen = new ArrayList<>();
    net.apply((Module m) -> seen.add(m.getName()));
    assertEquals(List.of("Conv2d", "BatchNorm2d", "ReLU", "Sequential", "Linear", "Net"), seen);
  }

  @Test
  void toDTypeCastsFloatingTensorsOnlyAndKeepsParameterIdentity() {
    Net net = new Net();
    Parameter w = net.classifier.weight;
    net.to(DType.FLOAT64);
    assertSame(w, net.classifier.weight);
    assertEquals(DType.FLOAT64, w.dtype());
    assertTrue(w.requiresGrad());
    assertEquals(DType.FLOAT64, net.namedBuffers().get("features.1.running_mean").dtype());
    assertEquals(DType.INT64, net.namedBuffers().get("features.1.num_batches_tracked").dtype());
    assertEquals(DType.FLOAT64, net.forward(Tensor.randn(2, 1, 4, 4).to(DType.FLOAT64)).dtype());
    assertThrows(IllegalArgumentException.class, () -> net.to(DType.INT32));
  }

  @Test
  void stateDictRoundTripsAndSharesStorage() {
    Net a = new Net();
    Net b = new Net();
    Module.LoadResult r = b.loadStateDict(a.stateDict());
    assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty());
    a.stateDict().forEach((k, v) -> assertTrue(v.equal(b.stateDict().get(k)), k));
    // stateDict tensors are views: in-place edits reach the module.
    a.stateDict().get("classifier.bias").fill_(7);
    assertEquals(7.0, a.classifier.bias.tensor().toDoubleArray()[0]);
  }

  @Test
  void strictLoadReportsMissingAndUnexpectedKeysAndChangesNothing() {
    Net a = new Net();
    Net b = new Net();
    Tensor before = b.classifier.weight.tensor().clone();
    Map<String, Tensor> sd = new LinkedHashMap<>(a.stateDict());
    sd.remove("classifier.bias");
    sd.put("extra.weight", Tensor.zeros(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(sd, true));
    assertTrue(e.getMessage().contains("Missing key(s) in state_dict: \"classifier.bias\""), e.getMessage());
    assertTrue(e.getMessage().contains("Unexpected key(s) in state_dict: \"extra.weight\""), e.getMessage());
    assertTrue(b.classifier.weight.tensor().equal(before), "nothing may be applied after a failed check");
    Module.LoadResult r = b.loadStateDict(sd, false);
    assertEquals(List.of("classifier.bias"), r.missingKeys());
    assertEquals(List.of("extra.weight"), r.unexpectedKeys());
    assertTrue(b.classifier.weight.tensor().equal(a.classifier.weight.tensor()));
  }

  @Test
  void shapeMismatchIsAnErrorEvenWhenNotStrict() {
    Net b = new Net();
    Map<String, Tensor> sd = new LinkedHashMap<>(b.stateDict());
    sd.put("classifier.weight", Tensor.zeros(3, 9));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(sd, false));
    assertTrue(e.getMessage().contains("size mismatch for classifier.weight: copying a param with shape [3, 9] from checkpoint, "
        + "the shape in current model is [3, 8]"), e.getMessage());
  }

  @Test
  void printsTreeLikePyTorch() {
    Net net = new Net();
    assertEquals("""
        Net(
          (features): Sequential(
            (0): Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))
            (1): BatchNorm2d(2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
            (2): ReLU()
          )
          (classifier): Linear(in_features=8, out_features=3, bias=True)
        )""", net.toString());
    assertEquals("Dropout(p=0.5, inplace=False)", new Dropout(0.5).toString());
    assertEquals("LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True)",
        new LSTM(10, 20, 2, true, true, 0, true, null).toString());
    assertEquals("LayerNorm((4,), eps=1e-05, elementwise_affine=True)", new LayerNorm(4).toString());
    assertEquals("Embedding(10, 3, padding_idx=0)", new Embedding(10, 3, 0).toString());
    assertEquals("LeakyReLU(negative_slope=0.01)", new LeakyReLU().toString());
    assertEquals("GELU(approximate='none')", new GELU().toString());
    assertEquals("Softmax(dim=1)", new Softmax(1).toString());
    assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).toString());
    assertEquals("Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=same, bias=False)",
        new Conv2d(3, 8, new int[] {3, 3}, new int[] {1, 1}, "same", new int[] {1, 1}, 1, false).toString());
  }

  @Test
  void moduleListAndDictRegisterChildren() {
    ModuleList list = new ModuleList(new Linear(2, 2), new Linear(2, 1));
    assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), new ArrayList<>(list.namedParameters().keySet()));
    assertEquals(2, list.size());
    ModuleDict dict = new ModuleDict().put("a", new Linear(2, 2)).put("b", new ReLU());
    assertEquals(List.of("a.weight", "a.bias"), new ArrayList<>(dict.namedParameters().keySet()));
    assertTrue(dict.containsKey("b"));
  }

  @Test
  void flattenUnflattenIdentity() {
    Tensor x = Tensor.randn(2, 3, 4);
    TestUtil.assertShape(new Flatten().apply(x), 2, 12);
    TestUtil.assertShape(new Flatten(0, 1).apply(x), 6, 4);
    TestUtil.assertShape(new Unflatten(1, 2, -1).apply(Tensor.randn(2, 6)), 2, 2, 3);
    assertSame(x, new Identity().apply(x));
  }

  @Test
  void registrationRejectsBadNames() {
    assertThrows(IllegalArgumentException.class, () -> new Sequential().add("a.b", new ReLU()));
    assertThrows(IllegalArgumentException.class, () -> new Sequential().add("", new ReLU()));
  }
}
