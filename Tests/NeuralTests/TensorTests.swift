import Neural
import Testing

struct TensorTests {
    @Test func viewsShareUntilWritten() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        var row = a.slice(1)
        #expect(row.shape == [3] && row.scalars == [4, 5, 6])
        row[0] = 40
        #expect(row.scalars == [40, 5, 6])
        #expect(a.scalars == [1, 2, 3, 4, 5, 6], "writing a view copies it first")
        let flat = a.reshaped([-1])
        #expect(flat.shape == [6] && flat.scalars == a.scalars)
        #expect(a.slice(1..<2).reshaped([3]).scalars == [4, 5, 6])
        #expect(a[1, 2] == 6)
    }

    @Test func transposeAndConcatenate() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(a.transposed(0, 1).scalars == [1, 4, 2, 5, 3, 6])
        let b = Tensor(shape: [2, 1], scalars: [7, 8])
        #expect(Tensor.concatenate([a, b], dim: 1).scalars == [1, 2, 3, 7, 4, 5, 6, 8])
        #expect(Tensor.concatenate([a, a], dim: 0).shape == [4, 3])
    }
}
