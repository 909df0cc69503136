import Experiment
import Foundation
import Reports

/// `shard.json`, written by `restock sweep --shard` beside the shard's comparison.csv: which sweep the
/// shard belongs to (``Sweep/identity()``), how many variants that sweep has and which of them this
/// shard ran, so that `restock merge` can refuse shards of different sweeps and name missing variants.
public struct SweepShardManifest: ShardManifestFile {
    /// The file name.
    public static let fileName = "shard.json"
    /// The format tag.
    public static let currentFormat = "restock-sweep-shard/1"
    public static let kind = "shard"
    public static let writer = "restock sweep --shard"
    public static let missingHint = "merge takes the output folders of 'restock sweep --shard K/N' (each holds comparison.csv and shard.json)"

    /// ``currentFormat``.
    public var format: String
    /// The sweep's fingerprint.
    public var sweep: String
    /// Variants in the whole sweep.
    public var variantCount: Int
    /// `K/N`.
    public var shard: String
    /// 0-based indices of the variants this shard ran, ascending.
    public var variants: [Int]

    /// The manifest of `shard` of `sweep`.
    public init(sweep: Sweep, shard: SweepShard) throws {
        format = Self.currentFormat
        self.sweep = try sweep.identity()
        variantCount = sweep.variants.count
        self.shard = shard.description
        variants = sweep.variants(in: shard).map(\.index)
    }

    /// Reads a shard folder's manifest.
    /// - Parameter folder: the shard's output folder.
    /// - Throws: ``ReportError`` naming the file when it is missing, not JSON of this format, or inconsistent.
    public static func load(folder: String) throws -> SweepShardManifest {
        let (manifest, path) = try read(folder: folder)
        guard manifest.variantCount >= 1, manifest.variants.allSatisfy({ $0 >= 0 && $0 < manifest.variantCount }),
              manifest.variants == manifest.variants.sorted(), Set(manifest.variants).count == manifest.variants.count else {
            throw ReportError("\(path): its variants \(manifest.variants.prefix(8)) do not lie in 0..<\(manifest.variantCount) in order")
        }
        return manifest
    }
}
