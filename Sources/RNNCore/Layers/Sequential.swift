/// Layers applied one after another: y = fₙ(… f₂(f₁(x))), their parameters named as PyTorch's `nn.Sequential`
/// names them.
///
/// Shapes: the first layer's input -> the last layer's output.
///
/// Names. A layer built without a name (its parameters' names carry no prefix: `weight`, `bias`) takes its
/// index in the list as prefix, counting every layer, activations included, as PyTorch does:
/// `Sequential([Linear(…), Tanh(), Linear(…)])` holds `0.weight`, `0.bias`, `2.weight` and `2.bias`, the
/// names of `nn.Sequential(nn.Linear(…), nn.Tanh(), nn.Linear(…))`'s `state_dict`. A Sequential inside
/// another takes its index the same way (its `0.weight` becomes `1.0.weight`). A layer given a name keeps it
/// as it is (`name: "fc1"` stays `fc1.weight`): a name is the whole `state_dict` prefix, and is not put under
/// the index. Buffers follow their layer's parameters (``BatchNorm`` at index 1 keeps `1.running_mean`).
/// A Sequential given a name puts it before the indices, as a PyTorch module's attribute does
/// (`Sequential([Linear(…)], name: "net")` holds `net.0.weight`, as `self.net = nn.Sequential(nn.Linear(…))`
/// does in a module of one's own); its layers' given names stay as they are, and so do its names inside
/// another Sequential.
///
/// The names are given once, when the Sequential is made, to the ``Parameter``s themselves. A parameter is a
/// shared reference, so a layer kept elsewhere too (as a variable, or in another model) carries its new name
/// there as well, and a layer that a Sequential has named keeps that name in any other Sequential it joins
/// later. A layer listed twice is one set of parameters: it is named after its first place and listed
/// once in ``parameters``, so its gradient sums both uses (as PyTorch's `parameters()` lists it). A layer listed
/// both on its own and inside a Sequential of the list is named after its place in that Sequential (`1.0.weight`,
/// where PyTorch's first place would give `0.weight`), which named it first.
public struct Sequential<Scalar: TensorScalar>: Layer {
    /// The layers, first applied first; fixed, as their names are (make another Sequential to change them).
    public let layers: [any Layer<Scalar>]
    /// Marks the parameters named by this Sequential's indices, so that an enclosing one puts its own before them.
    private let scope = PositionalNaming()

    /// A Sequential of `layers`, naming those without a name by their index (see the type's description).
    /// - Parameters:
    ///   - layers: the layers, first applied first.
    ///   - name: the prefix before the indices (`net` gives `net.0.weight`); none by default.
    public init(_ layers: [any Layer<Scalar>], name: String = "") {
        self.layers = layers
        for (index, layer) in layers.enumerated() {
            let inner = (layer as? Sequential<Scalar>)?.scope
            for parameter in layer.parameters {
                let unnamed = parameter.positionalNaming == nil && !parameter.name.contains(".")
                let namedByInner = inner != nil && parameter.positionalNaming === inner
                guard unnamed || namedByInner else { continue }
                parameter.name = qualifiedName(name, "\(index).\(parameter.name)")
                parameter.positionalNaming = name.isEmpty ? scope : nil  // a named prefix is whole, as a layer's name is
            }
        }
    }

    /// Every layer's parameters, in layer order; a parameter met twice (a layer listed twice) is listed once, at its first place.
    public var parameters: [Parameter<Scalar>] {
        var seen = Set<ObjectIdentifier>()
        return layers.flatMap { $0.parameters }.filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// Every layer's buffers, in layer order; a name met twice (a layer listed twice) is listed once, at its first place.
    public var buffers: [Buffer<Scalar>] {
        var seen = Set<String>()
        return layers.flatMap { $0.buffers }.filter { seen.insert($0.name).inserted }
    }

    /// Feeds `x` through every layer in order; with no layers, returns `x`. Shapes: the first layer's input -> the last's output.
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        layers.reduce(x) { y, layer in layer(y) }
    }
}

/// The identity of one ``Sequential``'s naming by position: a parameter it named points to it
/// (``Parameter/positionalNaming``) until a Sequential around that one names it again.
final class PositionalNaming {}
