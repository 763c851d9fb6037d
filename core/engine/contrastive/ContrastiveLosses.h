#pragma once
// The contrastive losses of the heads (contrastive-heads.md; report eq. 12, 17, 24-26), as plain
// functions of embeddings so that tests can check them against hand computations. Each returns the
// mean over its anchors as a scalar. Engine-internal (torch).

#include <torch/torch.h>

namespace zsi {

// CPC-style InfoNCE (Greedy InfoMax, zsi-engine.md §14): anchor i scores its positive and its
// negatives by dot product; loss = −log softmax(⟨c_i, pos_i⟩, ⟨c_i, neg_ij⟩…)[positive].
// context P × D, positive P × D, negatives P × N × D.
torch::Tensor cpcInfoNce(const torch::Tensor& context, const torch::Tensor& positive, const torch::Tensor& negatives);

struct PairedNceOptions {
  double temperature = 0.1;
  double debiasEta = 0.0;  // η⁺ (eq. 24); 0 with hardBeta 0 = plain InfoNCE
  double hardBeta = 0.0;   // β of the hard-negative importance weights (eq. 25-26)
};

// InfoNCE over paired views: anchor a_i's positive is b_i, its negatives every b_j, j ≠ i
// (P ≥ 2). With debiasing or hard negatives, the negative term N·E[exp(s⁻/τ)] is replaced by the
// estimator g of eq. 24 (importance-weighted by exp(β s⁻/τ) when β > 0), floored at N·exp(−1/τ).
torch::Tensor pairedInfoNce(const torch::Tensor& a, const torch::Tensor& b, const PairedNceOptions& options);

// Supervised contrastive loss (eq. 12, "L_out" form): embeddings z P × D, groups P (int64, < 0 =
// belongs to no group). Anchors are the members of a group with at least one other member; for
// anchor i, −mean over its positives p of log(exp(s_ip/τ) / Σ_{a≠i} exp(s_ia/τ)). Returns zero
// (attached to z) when no anchor exists.
torch::Tensor supervisedContrastive(const torch::Tensor& z, const torch::Tensor& groups, double temperature);

// Patches against class vectors: z P × D, targets K × D (row 0 background), labels P in 0..K−1;
// cross-entropy of softmax(z targetsᵀ / τ) with the label.
torch::Tensor classVectorNce(const torch::Tensor& z, const torch::Tensor& targets, const torch::Tensor& labels,
                             double temperature);

}  // namespace zsi
