import Yams

/// The allowed shape of a scenario file, checked on the parsed YAML before decoding so that a misspelt
/// key is reported with its line and the nearest valid name (Codable alone silently ignores unknown keys).
indirect enum ScenarioSchema: Sendable {
    /// A mapping with these keys.
    case mapping([String: ScenarioSchema])
    /// A mapping whose keys are free (e.g. SKU codes), each value of this shape.
    case dictionary(ScenarioSchema)
    /// A list of items of this shape.
    case list(ScenarioSchema)
    /// A scalar value (types are checked by decoding).
    case scalar
    /// A scalar or a mapping of this shape (distributions: `3` or `{type: constant, value: 3}`).
    case scalarOr(ScenarioSchema)

    static let distribution = ScenarioSchema.scalarOr(.mapping([
        "type": .scalar, "mean": .scalar, "sd": .scalar, "dispersion": .scalar, "low": .scalar, "high": .scalar,
        "values": .list(.scalar), "value": .scalar,
    ]))

    static let policyParameters = Dictionary(uniqueKeysWithValues: (PolicyParameter.allCases.map(\.rawValue) + ["file", "serviceLevel"]).map { ($0, ScenarioSchema.scalar) })

    /// The whole file.
    static let scenario = ScenarioSchema.mapping([
        "name": .scalar, "description": .scalar, "seed": .scalar, "horizonDays": .scalar, "warmupDays": .scalar,
        "replications": .scalar, "costAccounting": .scalar, "storageCapacityUnits": .scalar, "generator": .scalar,
        "review": .mapping(["type": .scalar, "everyDays": .scalar]),
        "products": .list(.mapping([
            "sku": .scalar, "sellingPrice": .scalar, "holdingCostPerUnitDay": .scalar, "initialOnHandUnits": .scalar,
            "openOrders": .list(.mapping(["units": .scalar, "dueDay": .scalar, "supplier": .scalar])),
            "priceLevels": .list(.scalar), "salvageValuePerUnit": .scalar,
            "shortage": .mapping(["type": .scalar, "costPerUnitDay": .scalar, "penaltyPerUnit": .scalar]),
            "demand": .mapping([
                "type": .scalar, "unitsPerDay": distribution, "customersPerDay": .scalar,
                "unitsPerCustomer": distribution, "history": .scalar, "sku": .scalar, "model": .scalar, "noise": .scalar,
                "priceElasticity": .scalar, "seasonLength": .scalar, "frequency": .scalar, "refreshDays": .scalar,
                "promotions": .list(.mapping(["startDay": .scalar, "days": .scalar])), "promotionLift": .scalar,
                "levelCV": .scalar, "trainingEpochs": .scalar, "refreshEpochs": .scalar,
            ]),
            "suppliers": .list(.mapping([
                "name": .scalar, "leadTimeDays": distribution, "unitCost": .scalar, "fixedCostPerOrder": .scalar,
                "minimumOrderUnits": .scalar, "orderMultipleUnits": .scalar, "allowsOrderCrossing": .scalar,
                "lastOrderDay": .scalar,
            ])),
        ])),
        "policies": .list(.mapping(policyParameters.merging([
            "name": .scalar, "type": .scalar, "reviewPeriodDays": .scalar, "supplier": .scalar,
            "priceReviewDays": .scalar, "maxWeeksOfCover": .scalar, "seasonCoverRatio": .scalar, "markdownDays": .list(.scalar),
            "skus": .dictionary(.mapping(policyParameters)),
            // Parameter names and ranges are checked per policy type by the builder (its allowed list is the type's).
            "tune": .dictionary(.scalarOr(.list(.scalar))),
        ]) { a, _ in a })),
        "workshop": .mapping(["roundSeconds": .scalar, "missedRound": .scalar, "sku": .scalar, "replication": .scalar,
                              "maximumOrderUnits": .scalar]),
    ])

    /// Checks `node` against this schema.
    /// - Parameters:
    ///   - node: the parsed YAML.
    ///   - path: key path of `node`, for messages.
    ///   - file: the file name, for messages.
    /// - Throws: ``ScenarioError`` for the first unknown key or misplaced structure.
    func check(_ node: Node, path: String, file: String) throws {
        switch (self, node) {
        case (.scalar, .scalar(let scalar)), (.scalarOr, .scalar(let scalar)):
            // YAML 1.1 reads 1:30 as a base-60 number, and Yams traps on overflow while doing so.
            if scalar.style == .plain, Self.isSexagesimal(scalar.string) {
                throw ScenarioError(file: file, keyPath: path, line: node.mark?.line,
                                    problem: "'\(scalar.string)' looks like a base-60 (sexagesimal) number, which is not accepted",
                                    allowed: "a decimal number, or the text in quotes")
            }
            return
        case (.scalarOr(let inner), _):
            try inner.check(node, path: path, file: file)
        case (.mapping(let keys), .mapping(let mapping)):
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? "?"
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard let schema = keys[key] else {
                    let allowed = keys.keys.sorted()
                    var problem = "unknown key '\(key)'"
                    if let near = Spelling.nearest(to: key, in: allowed) { problem += " (did you mean '\(near)'?)" }
                    throw ScenarioError(file: file, keyPath: childPath, line: keyNode.mark?.line, problem: problem,
                                        allowed: allowed.joined(separator: ", "))
                }
                try schema.check(value, path: childPath, file: file)
            }
        case (.dictionary(let inner), .mapping(let mapping)):
            for (keyNode, value) in mapping {
                try inner.check(value, path: "\(path).\(keyNode.string ?? "?")", file: file)
            }
        case (.list(let inner), .sequence(let items)):
            for (index, item) in items.enumerated() { try inner.check(item, path: "\(path)[\(index)]", file: file) }
        default:
            throw ScenarioError(file: file, keyPath: path, line: node.mark?.line,
                                problem: "expected \(description) but found \(Self.kind(of: node))")
        }
    }

    /// Plain scalars such as `1:30` or `-2:00:00`, which YAML 1.1 resolves as base-60 numbers.
    static func isSexagesimal(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "_" || $0 == ".") }
        }
    }

    var description: String {
        switch self {
        case .mapping, .dictionary: return "a mapping of keys to values"
        case .list: return "a list"
        case .scalar: return "a single value"
        case .scalarOr: return "a number or a mapping"
        }
    }

    static func kind(of node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "the value '\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
