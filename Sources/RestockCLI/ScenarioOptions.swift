import ArgumentParser
import Foundation
import Reports
import Scenario

/// Options shared by the commands that read a scenario.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "Scenario file (YAML).")
    var scenario: String = "scenarios/quickstart.yaml"

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value: key.path=value (repeatable), e.g. --set replications=50 --set products.0.suppliers.0.leadTimeDays=4", valueName: "key.path=value"))
    var overrides: [String] = []

    /// Loads the scenario, turning a `ScenarioError` into a clean message and exit code 2.
    /// - Parameters:
    ///   - resolveAuto: fill `auto` parameters.
    ///   - searchAuto: accept `auto` where no exact optimiser applies (the caller tunes it by simulation).
    func load(resolveAuto: Bool = true, searchAuto: Bool = false) throws -> Scenario {
        try loadScenario(scenario, overrides: overrides, resolveAuto: resolveAuto, searchAuto: searchAuto)
    }
}

/// Loads a scenario file, turning a `ScenarioError` into a clean message and exit code 2, and printing
/// its warnings on standard error.
func loadScenario(_ path: String, overrides: [String], resolveAuto: Bool = true, searchAuto: Bool = false) throws -> Scenario {
    do {
        let loaded = try ScenarioLoader.load(path: path, overrides: overrides, resolveAuto: resolveAuto, registry: .standard,
                                             searchAuto: searchAuto)
        // Loadable but worth knowing, e.g. a trained policy used on parameters it was not trained on.
        for warning in loaded.policies.flatMap(\.warnings) {
            FileHandle.standardError.write(Data("warning: \(path): \(warning).\n".utf8))
        }
        return loaded
    } catch let error as ScenarioError {
        throw UserInputFailure(message: error.description)
    }
}

/// A failure caused by user input: printed as one paragraph, exit code 2.
struct UserInputFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Prints the message to standard error and exits with code 2.
func exitForUserInput(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as UserInputFailure {
        FileHandle.standardError.write(Data("error: \(printable(failure.message))\n".utf8))
        throw ExitCode(2)
    }
}

/// A message safe to print: control characters from the user's input (a NUL, an escape sequence, a line
/// break inside a value) are shown as `\u{…}` instead of reaching the terminal.
func printable(_ message: String) -> String {
    var out = ""
    for scalar in message.unicodeScalars {
        if scalar.properties.generalCategory == .control && scalar != "\n" {
            out += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// The output folder of `--out` (or `fallback` without it); an empty or blank `--out` is refused rather
/// than read as the current folder, where it would overwrite whatever report files are there.
func outputFolder(_ out: String?, default fallback: String) throws -> URL {
    let path = out ?? fallback
    guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw UserInputFailure(message: "--out is empty; name an output folder (e.g. --out reports/mine). Allowed: any folder path you can write to.")
    }
    return URL(fileURLWithPath: path)
}

/// Fails with exit code 2 before any work when report files cannot be written to `folder`.
func checkOutputFolder(_ folder: URL) throws {
    do {
        try AtomicFileWriter.checkFolder(folder)
    } catch let error as ReportError {
        throw UserInputFailure(message: error.message)
    }
}
