// SPDX-License-Identifier: GPL-3.0-or-later
// The layers of the spec's GPT, each a forward/backward pair side by side.
// Argument order everywhere (as llm.c): outputs (and saved statistics), then
// inputs, then weights, then dimensions. Shapes are in comments; all
// matrices are row-major, as PyTorch and the checkpoint store them.
// Backward functions *assign* weight gradients (each weight gradient is
// written once per chunk, so no zeroing pass is needed) and either assign or
// accumulate the input gradient, as the `accumulate` flag says.
// Templated on the scalar so the gradient checks run in float64.
#pragma once

#include <Eigen/Core>
#include <cmath>

namespace losslab::layers {

template <typename T>
using MatR = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using MapR = Eigen::Map<MatR<T>>;
template <typename T>
using CMapR = Eigen::Map<const MatR<T>>;
template <typename T>
using RowVec = Eigen::Matrix<T, 1, Eigen::Dynamic>;
template <typename T>
using MapRow = Eigen::Map<RowVec<T>>;
template <typename T>
using CMapRow = Eigen::Map<const RowVec<T>>;
using Stride = Eigen::OuterStride<>;
template <typename T>
using StridedR = Eigen::Map<MatR<T>, Eigen::Unaligned, Stride>;
template <typename T>
using CStridedR = Eigen::Map<const MatR<T>, Eigen::Unaligned, Stride>;

// ---------------------------------------------------------------- embedding
// out (R,d) = wte[x] + wpe[t], rows ordered (example, position)
template <typename T>
void embedding_forward(T* out, const int32_t* x, const T* wte, const T* wpe, int n_ex, int Tn, int d) {
  for (int b = 0; b < n_ex; ++b)
    for (int t = 0; t < Tn; ++t) {
      const int row = b * Tn + t;
      MapRow<T>(out + static_cast<std::ptrdiff_t>(row) * d, d) =
          CMapRow<T>(wte + static_cast<std::ptrdiff_t>(x[row]) * d, d) + CMapRow<T>(wpe + static_cast<std::ptrdiff_t>(t) * d, d);
    }
}
// dwte (V,d) += scatter of dout; dwpe (block,d) = sum over examples (assigned)
template <typename T>
void embedding_backward(T* dwte, T* dwpe, const T* dout, const int32_t* x, int n_ex, int Tn, int block, int d) {
  MapR<T>(dwpe, block, d).setZero();
  for (int b = 0; b < n_ex; ++b)
    for (int t = 0; t < Tn; ++t) {
      const int row = b * Tn + t;
      CMapRow<T> g(dout + static_cast<std::ptrdiff_t>(row) * d, d);
      MapRow<T>(dwte + static_cast<std::ptrdiff_t>(x[row]) * d, d) += g;
      MapRow<T>(dwpe + static_cast<std::ptrdiff_t>(t) * d, d) += g;
    }
}

// ---------------------------------------------------------------- layernorm
// out (R,d), mean (R), rstd (R) <- in (R,d); eps 1e-5, biased variance
template <typename T>
void layernorm_forward(T* out, T* mean, T* rstd, const T* in, const T* w, const T* b, int R, int d) {
  CMapRow<T> W(w, d), B(b, d);
  for (int r = 0; r < R; ++r) {
    CMapRow<T> x(in + static_cast<std::ptrdiff_t>(r) * d, d);
    const T m = x.mean();
    const T var = (x.array() - m).square().mean();
    const T s = T(1) / std::sqrt(var + T(1e-5));
    MapRow<T>(out + static_cast<std::ptrdiff_t>(r) * d, d) = ((x.array() - m) * s * W.array() + B.array()).matrix();
    mean[r] = m;
    rstd[r] = s;
  }
}
// din (R,d) +=; dw, db (d) assigned
template <typename T>
void layernorm_backward(T* din, T* dw, T* db, const T* dout, const T* in, const T* mean, const T* rstd, const T* w,
                        int R, int d) {
  MapRow<T> dW(dw, d), dB(db, d);
  dW.setZero();
  dB.setZero();
  CMapRow<T> W(w, d);
  for (int r = 0; r < R; ++r) {
    CMapRow<T> g(dout + static_cast<std::ptrdiff_t>(r) * d, d);
    CMapRow<T> x(in + static_cast<std::ptrdiff_t>(r) * d, d);
    // Lazy expressions, recomputed where used: no temporaries on the heap.
    const auto xhat = (x.array() - mean[r]) * rstd[r];
    const auto gw = g.array() * W.array();  // dL/dxhat
    dB += g;
    dW.array() += g.array() * xhat;
    const T mean_gw = gw.mean();
    const T mean_gwx = (gw * xhat).mean();
    MapRow<T>(din + static_cast<std::ptrdiff_t>(r) * d, d).array() += (gw - mean_gw - xhat * mean_gwx) * rstd[r];
  }
}

// ---------------------------------------------------------------- linear
// out (R,N) = in (R,K) @ w(N,K)^T + b(N)
template <typename T>
void linear_forward(T* out, const T* in, const T* w, const T* b, int R, int K, int N) {
  MapR<T> Y(out, R, N);
  Y.noalias() = CMapR<T>(in, R, K) * CMapR<T>(w, N, K).transpose();
  if (b) Y.rowwise() += CMapRow<T>(b, N);
}
// din (R,K) = or += dout @ w; dw (N,K) = dout^T @ in; db (N) = column sums of dout
template <typename T>
void linear_backward(T* din, T* dw, T* db, const T* dout, const T* in, const T* w, int R, int K, int N,
                     bool accumulate_din) {
  CMapR<T> dY(dout, R, N);
  if (din) {
    MapR<T> dX(din, R, K);
    if (accumulate_din) dX.noalias() += dY * CMapR<T>(w, N, K);
    else dX.noalias() = dY * CMapR<T>(w, N, K);
  }
  MapR<T>(dw, N, K).noalias() = dY.transpose() * CMapR<T>(in, R, K);
  if (db) MapRow<T>(db, N) = dY.colwise().sum();
}

// ---------------------------------------------------------------- gelu (tanh)
template <typename T>
using ArrMap = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
template <typename T>
using CArrMap = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;

// out (n) = gelu_tanh(in); Eigen's vectorised tanh keeps this off the profile.
template <typename T>
void gelu_forward(T* out, const T* in, std::ptrdiff_t n) {
  constexpr T c = T(0.7978845608028654);  // sqrt(2/pi)
  CArrMap<T> u(in, n);
  ArrMap<T>(out, n) = T(0.5) * u * (T(1) + (c * (u + T(0.044715) * u.cube())).tanh());
}
// din (n) = dout * gelu'(in), assigned
template <typename T>
void gelu_backward(T* din, const T* dout, const T* in, std::ptrdiff_t n) {
  constexpr T c = T(0.7978845608028654);
  CArrMap<T> u(in, n);
  auto th = (c * (u + T(0.044715) * u.cube())).tanh();
  ArrMap<T>(din, n) = CArrMap<T>(dout, n) *
                      (T(0.5) * (T(1) + th) + T(0.5) * u * (T(1) - th.square()) * c * (T(1) + T(3 * 0.044715) * u.square()));
}

// ---------------------------------------------------------------- attention
// Causal multi-head self-attention, fused per (example, head).
// y (n_ex*Tn, d) concatenated heads; att (n_ex, H, Tn, Tn) probabilities;
// qkv (n_ex*Tn, 3d) with q, k, v in column blocks; head j uses columns j*dh..
template <typename T>
void attention_forward(T* y, T* att, const T* qkv, int n_ex, int Tn, int d, int H) {
  const int dh = d / H;
  const T scale = T(1) / std::sqrt(T(dh));
  const std::ptrdiff_t ld = 3 * d;
  for (int b = 0; b < n_ex; ++b) {
    const T* base = qkv + static_cast<std::ptrdiff_t>(b) * Tn * ld;
    for (int j = 0; j < H; ++j) {
      CStridedR<T> q(base + j * dh, Tn, dh, Stride(ld));
      CStridedR<T> k(base + d + j * dh, Tn, dh, Stride(ld));
      CStridedR<T> v(base + 2 * d + j * dh, Tn, dh, Stride(ld));
      MapR<T> P(att + (static_cast<std::ptrdiff_t>(b) * H + j) * Tn * Tn, Tn, Tn);
      P.noalias() = q * k.transpose();  // then scaled in place: no temporary
      P *= scale;
      for (int t = 0; t < Tn; ++t) {  // causal softmax over 0..t; the rest is exactly 0
        auto row = P.row(t);
        const T mx = row.head(t + 1).maxCoeff();
        row.head(t + 1) = (row.head(t + 1).array() - mx).exp();
        row.head(t + 1) /= row.head(t + 1).sum();
        row.tail(Tn - t - 1).setZero();
      }
      StridedR<T>(y + static_cast<std::ptrdiff_t>(b) * Tn * d + j * dh, Tn, dh, Stride(d)).noalias() = P * v;
    }
  }
}
// dqkv (n_ex*Tn, 3d) assigned; scratch (Tn,Tn)
template <typename T>
void attention_backward(T* dqkv, T* scratch, const T* dy, const T* qkv, const T* att, int n_ex, int Tn, int d,
                        int H) {
  const int dh = d / H;
  const T scale = T(1) / std::sqrt(T(dh));
  const std::ptrdiff_t ld = 3 * d;
  for (int b = 0; b < n_ex; ++b) {
    const T* base = qkv + static_cast<std::ptrdiff_t>(b) * Tn * ld;
    T* dbase = dqkv + static_cast<std::ptrdiff_t>(b) * Tn * ld;
    for (int j = 0; j < H; ++j) {
      CStridedR<T> q(base + j * dh, Tn, dh, Stride(ld));
      CStridedR<T> k(base + d + j * dh, Tn, dh, Stride(ld));
      CStridedR<T> v(base + 2 * d + j * dh, Tn, dh, Stride(ld));
      StridedR<T> dq(dbase + j * dh, Tn, dh, Stride(ld));
      StridedR<T> dk(dbase + d + j * dh, Tn, dh, Stride(ld));
      StridedR<T> dv(dbase + 2 * d + j * dh, Tn, dh, Stride(ld));
      CMapR<T> P(att + (static_cast<std::ptrdiff_t>(b) * H + j) * Tn * Tn, Tn, Tn);
      CStridedR<T> dY(dy + static_cast<std::ptrdiff_t>(b) * Tn * d + j * dh, Tn, dh, Stride(d));
      MapR<T> dS(scratch, Tn, Tn);
      dv.noalias() = P.transpose() * dY;
      dS.noalias() = dY * v.transpose();  // dP
      for (int t = 0; t < Tn; ++t) {      // softmax backward: dS = P (dP - <dP, P>)
        auto p = P.row(t).head(t + 1);
        auto g = dS.row(t).head(t + 1);
        const T dot = (p.array() * g.array()).sum();
        g = (p.array() * (g.array() - dot)).matrix() * scale;
        dS.row(t).tail(Tn - t - 1).setZero();
      }
      dq.noalias() = dS * k;
      dk.noalias() = dS.transpose() * q;
    }
  }
}

}  // namespace losslab::layers
