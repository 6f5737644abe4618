/// The product version written into manifests, result rows and fingerprints.
public enum TailSweepVersion {
    public static let number = "0.1.0"
    public static var string: String { "tailsweep \(number)" }
}
