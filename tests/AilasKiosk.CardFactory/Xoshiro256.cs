using System.Buffers.Binary;
using System.Numerics;

namespace AilasKiosk.CardFactory;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna): a fast seeded PRNG. The factory needs gigabytes of
/// reproducible, incompressible bytes; a seeded System.Random is slower and its sequence is
/// only stable by convention. Seeds are expanded with SplitMix64, as the authors recommend.
/// </summary>
internal sealed class Xoshiro256
{
    private ulong s0, s1, s2, s3;

    public Xoshiro256(long seed)
    {
        ulong x = (ulong)seed;
        s0 = SplitMix64(ref x);
        s1 = SplitMix64(ref x);
        s2 = SplitMix64(ref x);
        s3 = SplitMix64(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max], both inclusive.</summary>
    public long NextInt64(long min, long max) => min + (long)(NextDouble() * (max - min + 1));

    /// <summary>Fills with random bytes, little-endian words so the bytes are the same on every platform.</summary>
    public void Fill(Span<byte> buffer)
    {
        while (buffer.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, NextUInt64());
            buffer = buffer[8..];
        }
        if (buffer.Length > 0)
        {
            Span<byte> last = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(last, NextUInt64());
            last[..buffer.Length].CopyTo(buffer);
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
