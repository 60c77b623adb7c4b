internal import CLibXML2
internal import CLibXSLT
internal import CNumaSchemaShims

/// A read-only view of one node of the document an XSLT transform reads, for the Swift extension
/// functions a stylesheet calls: its name, attributes, parent and element children. Valid only
/// during the call that received it (the document outlives the transform).
struct XSLTNode {
  fileprivate let raw: xmlNodePtr

  fileprivate init(_ raw: xmlNodePtr) { self.raw = raw }

  /// The node's identity, to key what is computed once per node or per parent.
  struct Identity: Hashable {
    fileprivate let address: UnsafeMutableRawPointer
  }

  var identity: Identity { Identity(address: UnsafeMutableRawPointer(raw)) }

  /// The local name (an element's, an attribute's); empty for nodes without one.
  var name: String { raw.pointee.name.map { String(cString: $0) } ?? "" }

  var isElement: Bool { raw.pointee.type == XML_ELEMENT_NODE }

  var parent: XSLTNode? { raw.pointee.parent.map(XSLTNode.init) }

  /// The value of attribute `name` (without namespace), or `nil` when the element has none.
  func attribute(_ name: String) -> String? {
    var name = name
    return name.withUTF8 { wanted in
      var property = raw.pointee.properties
      while let attribute = property {
        if attribute.pointee.ns == nil, let given = attribute.pointee.name, Self.equal(given, wanted) {
          return attributeValue(attribute)
        }
        property = attribute.pointee.next
      }
      return nil
    }
  }

  /// Whether the NUL-terminated `text` is exactly the bytes `wanted` (which hold no NUL).
  private static func equal(_ text: UnsafePointer<xmlChar>, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
    for index in 0..<wanted.count where text[index] != wanted[index] { return false }
    return text[wanted.count] == 0
  }

  /// The element children, in document order.
  var elementChildren: [XSLTNode] {
    var children: [XSLTNode] = []
    var child = raw.pointee.children
    while let current = child {
      if current.pointee.type == XML_ELEMENT_NODE { children.append(XSLTNode(current)) }
      child = current.pointee.next
    }
    return children
  }
}

/// What an XSLT extension function takes, in the order of its parameters.
enum XSLTParameter {
  case string, number, boolean
  /// A node-set; the function receives its first node, if any.
  case node
}

/// One argument of an extension function call.
enum XSLTArgument {
  case string(String)
  case number(Double)
  case boolean(Bool)
  case node(XSLTNode?)

  var string: String {
    if case .string(let text) = self { return text }
    return ""
  }

  var number: Double {
    if case .number(let value) = self { return value }
    return .nan
  }

  var boolean: Bool {
    if case .boolean(let value) = self { return value }
    return false
  }

  var node: XSLTNode? {
    if case .node(let node) = self { return node }
    return nil
  }
}

/// What an extension function gives back.
enum XSLTResult {
  case string(String)
  case number(Double)
  case boolean(Bool)
}

/// The Swift functions a stylesheet calls, in one namespace. One instance per transform.
protocol XSLTExtensionFunctions: AnyObject {
  /// The namespace URI the stylesheet calls them in.
  static var namespace: String { get }
  /// Every function, by local name, with its parameters.
  static var signatures: [String: [XSLTParameter]] { get }
  /// Calls function `name` with arguments of the kinds its signature gives.
  func call(_ name: String, _ arguments: [XSLTArgument]) -> XSLTResult
  /// Set when a function got arguments it cannot use; the transform then fails.
  var failure: String? { get }
}

/// Holds the functions of one transform for the C dispatcher (reached through the transform
/// context's `_private`).
final class XSLTFunctionBox {
  let functions: any XSLTExtensionFunctions
  let signatures: [String: [XSLTParameter]]

  init(_ functions: any XSLTExtensionFunctions) {
    self.functions = functions
    self.signatures = type(of: functions).signatures
  }

  func register(in context: xsltTransformContextPtr) {
    let namespace = type(of: functions).namespace
    for name in signatures.keys {
      xsltRegisterExtFunction(context, name, namespace, dispatchExtensionFunction)
    }
  }
}

/// The one C entry point of every extension function: finds the function by the name libxml2's
/// XPath context is calling, pops its arguments (last first) and pushes its result.
private let dispatchExtensionFunction: xmlXPathFunction = { parser, count in
  guard let parser, let transform = xsltXPathGetTransformContext(parser), let box = transform.pointee._private,
    let nameText = parser.pointee.context?.pointee.function
  else { return }
  let functions = Unmanaged<XSLTFunctionBox>.fromOpaque(box).takeUnretainedValue()
  let name = String(cString: nameText)
  guard let parameters = functions.signatures[name], Int(count) == parameters.count else {
    xmlXPathErr(parser, Int32(XPATH_INVALID_ARITY.rawValue))
    return
  }
  var arguments: [XSLTArgument] = []
  arguments.reserveCapacity(parameters.count)
  for parameter in parameters.reversed() {
    switch parameter {
    case .string:
      let raw = xmlXPathPopString(parser)
      arguments.append(.string(raw.map { String(cString: $0) } ?? ""))
      numaschema_free(raw)
    case .number:
      arguments.append(.number(xmlXPathPopNumber(parser)))
    case .boolean:
      arguments.append(.boolean(xmlXPathPopBoolean(parser) != 0))
    case .node:
      let set = xmlXPathPopNodeSet(parser)
      var node: XSLTNode?
      if let set, set.pointee.nodeNr > 0, let first = set.pointee.nodeTab?[0] { node = XSLTNode(first) }
      arguments.append(.node(node))
      xmlXPathFreeNodeSet(set)
    }
  }
  switch functions.functions.call(name, arguments.reversed()) {
  case .string(let text): valuePush(parser, xmlXPathNewCString(text))
  case .number(let value): valuePush(parser, xmlXPathNewFloat(value))
  case .boolean(let value): valuePush(parser, xmlXPathNewBoolean(value ? 1 : 0))
  }
}

/// Byte search, as the C library does it (`memmem`).
enum ByteSearch {
  /// Whether `needle` occurs in `haystack`.
  static func occurs(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
    haystack.withUnsafeBytes { hay in
      needle.withUnsafeBytes { numaschema_contains(hay.baseAddress, hay.count, $0.baseAddress, $0.count) != 0 }
    }
  }
}
