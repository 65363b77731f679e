;; Per-row and per-bin loops of histogram tree learning, over one shared
;; linear memory. The TypeScript versions in src/tree-learner/histogram.ts and
;; split.ts are the readable float reference; tests check these against them.
;;
;; A histogram bin is two i64 (16 bytes), updated by one i64x2 add:
;;   [0] gradient sum in fixed point:  sum round(g * gScale)
;;   [1] hessian sum and count:        (sum round(h * hScale)) << countBits | count
;; Integer sums are exact and do not depend on the order rows are added in,
;; and the larger child is parent - smaller child, exactly. The scales are
;; chosen from the row count so no sum can overflow (quantize.ts).
;;
;; Other layouts (byte addresses): rows u32 per row id; col u8 bin per row (one
;; feature's column); binnedRows u8 per row x feature (row-major); grad, hess f32 per row; gh the packed (i64, i64) pairs
;; of a leaf's rows, gathered in leaf order.
(module
  (memory (import "env" "memory") 1 65536 shared)

  ;; gh[k] = quantized (grad[r], hess[r]) for r = rows[i], i in [start, end)
  (func (export "gather") (param $rows i32) (param $start i32) (param $end i32) (param $grad i32) (param $hess i32) (param $gh i32)
        (param $gScale f64) (param $hScale f64) (param $countBits i32)
    (local $p i32) (local $stop i32) (local $r i32) (local $shift i64)
    (local.set $shift (i64.extend_i32_u (local.get $countBits)))
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $r (i32.shl (i32.load (local.get $p)) (i32.const 2)))
        (i64.store (local.get $gh)
          (i64.trunc_sat_f64_s (f64.nearest (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $grad) (local.get $r)))) (local.get $gScale)))))
        (i64.store offset=8 (local.get $gh)
          (i64.or
            (i64.shl (i64.trunc_sat_f64_s (f64.nearest (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $hess) (local.get $r)))) (local.get $hScale))))
                     (local.get $shift))
            (i64.const 1)))
        (local.set $gh (i32.add (local.get $gh) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next))))

  ;; one feature: sums[col[rows[i]]] += gh[i - start] for i in [start, end)
  (func (export "build") (param $col i32) (param $rows i32) (param $start i32) (param $end i32) (param $gh i32) (param $sums i32)
    (local $p i32) (local $stop i32) (local $a i32)
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $a (i32.add (local.get $sums) (i32.shl (i32.load8_u (i32.add (local.get $col) (i32.load (local.get $p)))) (i32.const 4))))
        (v128.store (local.get $a) (i64x2.add (v128.load (local.get $a)) (v128.load (local.get $gh))))
        (local.set $gh (i32.add (local.get $gh) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next))))

  ;; build() for four adjacent features at once: feature k's column at
  ;; col + k * colBytes, its bins at sums + k * featureBytes. A row's id and
  ;; (g, h) are loaded once for the four; in a micro-benchmark (65856 rows x
  ;; 200 features, leaves of 6% and 30% of the rows) an update took 0.58 ns
  ;; against 0.80 ns one feature at a time (eight at once: 0.85-0.95 ns).
  (func (export "build4") (param $col i32) (param $colBytes i32) (param $rows i32) (param $start i32) (param $end i32) (param $gh i32) (param $sums i32) (param $featureBytes i32)
    (local $p i32) (local $stop i32) (local $r i32) (local $v v128) (local $a i32)
    (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local.set $c1 (i32.add (local.get $col) (local.get $colBytes)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $colBytes)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $colBytes)))
    (local.set $s1 (i32.add (local.get $sums) (local.get $featureBytes)))
    (local.set $s2 (i32.add (local.get $s1) (local.get $featureBytes)))
    (local.set $s3 (i32.add (local.get $s2) (local.get $featureBytes)))
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $r (i32.load (local.get $p)))
        (local.set $v (v128.load (local.get $gh)))
        (local.set $a (i32.add (local.get $sums) (i32.shl (i32.load8_u (i32.add (local.get $col) (local.get $r))) (i32.const 4))))
        (v128.store (local.get $a) (i64x2.add (v128.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s1) (i32.shl (i32.load8_u (i32.add (local.get $c1) (local.get $r))) (i32.const 4))))
        (v128.store (local.get $a) (i64x2.add (v128.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s2) (i32.shl (i32.load8_u (i32.add (local.get $c2) (local.get $r))) (i32.const 4))))
        (v128.store (local.get $a) (i64x2.add (v128.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s3) (i32.shl (i32.load8_u (i32.add (local.get $c3) (local.get $r))) (i32.const 4))))
        (v128.store (local.get $a) (i64x2.add (v128.load (local.get $a)) (local.get $v)))
        (local.set $gh (i32.add (local.get $gh) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next))))

  ;; buildDense() for four adjacent features at once, laid out as in build4
  (func (export "buildDense4") (param $col i32) (param $colBytes i32) (param $start i32) (param $end i32) (param $gh i32) (param $sums i32) (param $featureBytes i32)
    (local $r i32) (local $v v128) (local $a i32)
    (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local.set $c1 (i32.add (local.get $col) (local.get $colBytes)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $colBytes)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $colBytes)))
    (local.set $s1 (i32.add (local.get $sums) (local.get $featureBytes)))
    (local.set $s2 (i32.add (local.get $s1) (local.get $featureBytes)))
    (local.set $s3 (i32.add (local.get $s2) (local.get $featureBytes)))
    (local.set $r (local.get $start))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $v (v128.load (local.get $gh)))
        (local.set $a (i32.add (local.get $sums) (i32.shl (i32.load8_u (i32.add (local.get $col) (local.get $r))) (i32.const 4))))
        (v128.store (local.get $a) (i64x2.add (v128.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s1) (i32.shl (i32.load8_u (i32.add (local.get $c1) (local.get $r))) (i32.const 4))))
        (v128.store (local.get $a) (i64x2.add (v128.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s2) (i32.shl (i32.load8_u (i32.add (local.get $c2) (local.get $r))) (i32.const 4))))
        (v128.store (local.get $a) (i64x2.add (v128.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s3) (i32.shl (i32.load8_u (i32.add (local.get $c3) (local.get $r))) (i32.const 4))))
        (v128.store (local.get $a) (i64x2.add (v128.load (local.get $a)) (local.get $v)))
        (local.set $gh (i32.add (local.get $gh) (i32.const 16)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))

  ;; Row-wise build over features [0, nFeatures) of a row-major binned matrix:
  ;; for i in [start, end), r = rows[i], f < nFeatures:
  ;;   sums[f * featureBytes / 16 + binnedRows[r * rowBytes + f]] += gh[i - start]
  ;; For small leaves: a row's bins are a few adjacent cache lines, where the
  ;; column-wise build touches nearly every line of each column.
  (func (export "buildRows") (param $binnedRows i32) (param $rowBytes i32) (param $nFeatures i32) (param $rows i32) (param $start i32) (param $end i32)
        (param $gh i32) (param $sums i32) (param $featureBytes i32)
    (local $p i32) (local $stop i32) (local $a i32) (local $b i32) (local $bEnd i32) (local $h i32) (local $v v128)
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $v (v128.load (local.get $gh)))
        (local.set $b (i32.add (local.get $binnedRows) (i32.mul (i32.load (local.get $p)) (local.get $rowBytes))))
        (local.set $bEnd (i32.add (local.get $b) (local.get $nFeatures)))
        (local.set $h (local.get $sums))
        (block $featuresDone
          (loop $feature
            (br_if $featuresDone (i32.ge_u (local.get $b) (local.get $bEnd)))
            (local.set $a (i32.add (local.get $h) (i32.shl (i32.load8_u (local.get $b)) (i32.const 4))))
            (v128.store (local.get $a) (i64x2.add (v128.load (local.get $a)) (local.get $v)))
            (local.set $h (i32.add (local.get $h) (local.get $featureBytes)))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $feature)))
        (local.set $gh (i32.add (local.get $gh) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next))))

  ;; build for rows start, start+1, ..., end-1 in order (a tree's root when it
  ;; uses every row): sequential reads, no row-id indirection
  (func (export "buildDense") (param $col i32) (param $start i32) (param $end i32) (param $gh i32) (param $sums i32)
    (local $p i32) (local $stop i32) (local $a i32)
    (local.set $p (i32.add (local.get $col) (local.get $start)))
    (local.set $stop (i32.add (local.get $col) (local.get $end)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $a (i32.add (local.get $sums) (i32.shl (i32.load8_u (local.get $p)) (i32.const 4))))
        (v128.store (local.get $a) (i64x2.add (v128.load (local.get $a)) (v128.load (local.get $gh))))
        (local.set $gh (i32.add (local.get $gh) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next))))

  ;; zero $bytes bytes at $at (a native memset; TypedArray.fill on shared memory is several times slower)
  (func (export "clear") (param $at i32) (param $bytes i32)
    (memory.fill (local.get $at) (i32.const 0) (local.get $bytes)))

  ;; target = parent - child over nBins bins; target may be parent (in place)
  (func (export "subtract") (param $parent i32) (param $child i32) (param $target i32) (param $nBins i32)
    (local $stop i32)
    (local.set $stop (i32.add (local.get $parent) (i32.shl (local.get $nBins) (i32.const 4))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $parent) (local.get $stop)))
        (v128.store (local.get $target) (i64x2.sub (v128.load (local.get $parent)) (v128.load (local.get $child))))
        (local.set $parent (i32.add (local.get $parent) (i32.const 16)))
        (local.set $child (i32.add (local.get $child) (i32.const 16)))
        (local.set $target (i32.add (local.get $target) (i32.const 16)))
        (br $next))))

  ;; Best split of one feature (split.ts bestSplitOfFeature on the decoded
  ;; sums). Returns the gain (0 = no split) and writes, at $out:
  ;; bin i32 @0, left count i32 @4, left gradient f64 @8, left hessian f64 @16.
  ;; Most bins cannot beat the best so far, and the two divisions of the gain
  ;; were most of a bin's cost. A bin is first tested without them:
  ;;   gl^2 (hr + l2) + gr^2 (hl + l2) > (best + parent)(1 - 2^-41) (hl + l2)(hr + l2)
  ;; and only a bin that passes has its gain computed and compared as before.
  ;; The slack is far above the few ulps either side can be off by, so no bin
  ;; the exact comparison would take is skipped: the result is the same, bit
  ;; for bit (a NaN in the test falls through to the exact comparison too).
  (func (export "bestSplit") (param $sums i32) (param $nBins i32) (param $gUnit f64) (param $hUnit f64) (param $countBits i32)
        (param $G f64) (param $H f64) (param $N i32) (param $l2 f64) (param $minLeaf i32) (param $minHess f64) (param $out i32) (result f64)
    (local $b i32) (local $last i32) (local $gi i64) (local $hci i64) (local $hcBin i64) (local $mask i64) (local $shift i64)
    (local $gl f64) (local $hl f64) (local $nl i32) (local $nr i32) (local $hr f64) (local $gr f64)
    (local $gain f64) (local $parent f64) (local $best f64) (local $bestBin i32) (local $bestG f64) (local $bestH f64) (local $bestN i32)
    (local $al f64) (local $ar f64) (local $bar f64)
    (local.set $shift (i64.extend_i32_u (local.get $countBits)))
    (local.set $mask (i64.sub (i64.shl (i64.const 1) (local.get $shift)) (i64.const 1)))
    (local.set $parent (f64.div (f64.mul (local.get $G) (local.get $G)) (f64.add (local.get $H) (local.get $l2))))
    (local.set $bar (f64.mul (local.get $parent) (f64.const 0x1.ffffffffffp-1)))
    (local.set $bestBin (i32.const -1))
    (local.set $last (i32.sub (local.get $nBins) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $b) (local.get $last)))
        (local.set $hcBin (i64.load offset=8 (local.get $sums)))
        (local.set $gi (i64.add (local.get $gi) (i64.load (local.get $sums))))
        (local.set $hci (i64.add (local.get $hci) (local.get $hcBin)))
        (local.set $sums (i32.add (local.get $sums) (i32.const 16)))
        (block $skip
          ;; an empty bin leaves the left side as it was: it cannot beat the bin before
          (br_if $skip (i64.eqz (i64.and (local.get $hcBin) (local.get $mask))))
          (local.set $nl (i32.wrap_i64 (i64.and (local.get $hci) (local.get $mask))))
          (br_if $skip (i32.lt_s (local.get $nl) (local.get $minLeaf)))
          (local.set $hl (f64.mul (f64.convert_i64_s (i64.shr_s (local.get $hci) (local.get $shift))) (local.get $hUnit)))
          (br_if $skip (f64.lt (local.get $hl) (local.get $minHess)))
          (local.set $nr (i32.sub (local.get $N) (local.get $nl)))
          (br_if $done (i32.lt_s (local.get $nr) (local.get $minLeaf)))
          (local.set $hr (f64.sub (local.get $H) (local.get $hl)))
          (br_if $skip (f64.lt (local.get $hr) (local.get $minHess)))
          (local.set $gl (f64.mul (f64.convert_i64_s (local.get $gi)) (local.get $gUnit)))
          (local.set $gr (f64.sub (local.get $G) (local.get $gl)))
          (local.set $al (f64.add (local.get $hl) (local.get $l2)))
          (local.set $ar (f64.add (local.get $hr) (local.get $l2)))
          (br_if $skip
            (f64.le
              (f64.add (f64.mul (f64.mul (local.get $gl) (local.get $gl)) (local.get $ar))
                       (f64.mul (f64.mul (local.get $gr) (local.get $gr)) (local.get $al)))
              (f64.mul (local.get $bar) (f64.mul (local.get $al) (local.get $ar)))))
          (local.set $gain
            (f64.sub
              (f64.add
                (f64.div (f64.mul (local.get $gl) (local.get $gl)) (local.get $al))
                (f64.div (f64.mul (local.get $gr) (local.get $gr)) (local.get $ar)))
              (local.get $parent)))
          (br_if $skip (i32.eqz (f64.gt (local.get $gain) (local.get $best))))
          (local.set $best (local.get $gain))
          (local.set $bar (f64.mul (f64.add (local.get $best) (local.get $parent)) (f64.const 0x1.ffffffffffp-1)))
          (local.set $bestBin (local.get $b))
          (local.set $bestG (local.get $gl))
          (local.set $bestH (local.get $hl))
          (local.set $bestN (local.get $nl)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $next)))
    (i32.store (local.get $out) (local.get $bestBin))
    (i32.store offset=4 (local.get $out) (local.get $bestN))
    (f64.store offset=8 (local.get $out) (local.get $bestG))
    (f64.store offset=16 (local.get $out) (local.get $bestH))
    (local.get $best))

  ;; Stable partition of rows[start, end): bin <= threshold first. The right
  ;; side goes through $scratch (u32 per row). Returns the left count.
  (func (export "partition") (param $rows i32) (param $start i32) (param $end i32) (param $col i32) (param $threshold i32) (param $scratch i32) (result i32)
    (local $p i32) (local $stop i32) (local $l i32) (local $s i32) (local $row i32)
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (local.set $l (local.get $p))
    (local.set $s (local.get $scratch))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $row (i32.load (local.get $p)))
        (if (i32.le_u (i32.load8_u (i32.add (local.get $col) (local.get $row))) (local.get $threshold))
          (then
            (i32.store (local.get $l) (local.get $row))
            (local.set $l (i32.add (local.get $l) (i32.const 4))))
          (else
            (i32.store (local.get $s) (local.get $row))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next)))
    (memory.copy (local.get $l) (local.get $scratch) (i32.sub (local.get $s) (local.get $scratch)))
    (i32.shr_u (i32.sub (local.get $l) (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2)))) (i32.const 2)))

  ;; ---- Quantized gradients (gbdt --quantized; trees/quantize.ts) ----------
  ;; A bin is one i64: (g sum) << gShift | (h sum) << countBits | count, with
  ;; g and h small integers per row (stochastically rounded). Packed sums add
  ;; and subtract exactly, field by field, as long as no field overflows
  ;; (quantize.ts sizes them); the g field is signed, the others are not, so
  ;; g = sum >> gShift (arithmetic), h and count by masks.

  ;; packed[r] for r = rows[i], i in [start, end): g[r] * gScale and
  ;; h[r] * hScale rounded up with probability equal to their fraction (a hash
  ;; of seed and r is the coin: the same bits whatever the threads). Returns
  ;; the sum of the packed values written (the rows' packed totals).
  (func (export "quantize") (param $rows i32) (param $start i32) (param $end i32) (param $grad i32) (param $hess i32) (param $packed i32)
        (param $gScale f64) (param $hScale f64) (param $countBits i32) (param $gShift i32) (param $seed i64) (result i64)
    (local $p i32) (local $stop i32) (local $r i32) (local $z i64) (local $gi i64) (local $hi i64) (local $v i64) (local $sum i64)
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $r (i32.load (local.get $p)))
        ;; splitmix64 of seed + r: two 32-bit uniforms (high and low halves)
        (local.set $z (i64.add (local.get $seed) (i64.mul (i64.extend_i32_u (local.get $r)) (i64.const 0x9e3779b97f4a7c15))))
        (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 30))) (i64.const 0xbf58476d1ce4e5b9)))
        (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 27))) (i64.const 0x94d049bb133111eb)))
        (local.set $z (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 31))))
        (local.set $gi (i64.trunc_sat_f64_s (f64.floor (f64.add
          (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $grad) (i32.shl (local.get $r) (i32.const 2))))) (local.get $gScale))
          (f64.mul (f64.convert_i64_u (i64.shr_u (local.get $z) (i64.const 32))) (f64.const 0x1p-32))))))
        (local.set $hi (i64.trunc_sat_f64_s (f64.floor (f64.add
          (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $hess) (i32.shl (local.get $r) (i32.const 2))))) (local.get $hScale))
          (f64.mul (f64.convert_i64_u (i64.and (local.get $z) (i64.const 0xffffffff))) (f64.const 0x1p-32))))))
        (local.set $v (i64.or
          (i64.shl (local.get $gi) (i64.extend_i32_u (local.get $gShift)))
          (i64.or (i64.shl (local.get $hi) (i64.extend_i32_u (local.get $countBits))) (i64.const 1))))
        (i64.store (i32.add (local.get $packed) (i32.shl (local.get $r) (i32.const 3))) (local.get $v))
        (local.set $sum (i64.add (local.get $sum) (local.get $v)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next)))
    (local.get $sum))

  ;; gh[k] = packed[rows[i]] for i in [start, end) (8 bytes a row)
  (func (export "gatherPacked") (param $rows i32) (param $start i32) (param $end i32) (param $packed i32) (param $gh i32)
    (local $p i32) (local $stop i32)
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (i64.store (local.get $gh) (i64.load (i32.add (local.get $packed) (i32.shl (i32.load (local.get $p)) (i32.const 3)))))
        (local.set $gh (i32.add (local.get $gh) (i32.const 8)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next))))

  ;; build() with packed 8-byte bins, one feature
  (func (export "buildQ") (param $col i32) (param $rows i32) (param $start i32) (param $end i32) (param $gh i32) (param $sums i32)
    (local $p i32) (local $stop i32) (local $a i32)
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $a (i32.add (local.get $sums) (i32.shl (i32.load8_u (i32.add (local.get $col) (i32.load (local.get $p)))) (i32.const 3))))
        (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (i64.load (local.get $gh))))
        (local.set $gh (i32.add (local.get $gh) (i32.const 8)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next))))

  ;; build4() with packed 8-byte bins
  (func (export "buildQ4") (param $col i32) (param $colBytes i32) (param $rows i32) (param $start i32) (param $end i32) (param $gh i32) (param $sums i32) (param $featureBytes i32)
    (local $p i32) (local $stop i32) (local $r i32) (local $v i64) (local $a i32)
    (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local.set $c1 (i32.add (local.get $col) (local.get $colBytes)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $colBytes)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $colBytes)))
    (local.set $s1 (i32.add (local.get $sums) (local.get $featureBytes)))
    (local.set $s2 (i32.add (local.get $s1) (local.get $featureBytes)))
    (local.set $s3 (i32.add (local.get $s2) (local.get $featureBytes)))
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $r (i32.load (local.get $p)))
        (local.set $v (i64.load (local.get $gh)))
        (local.set $a (i32.add (local.get $sums) (i32.shl (i32.load8_u (i32.add (local.get $col) (local.get $r))) (i32.const 3))))
        (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s1) (i32.shl (i32.load8_u (i32.add (local.get $c1) (local.get $r))) (i32.const 3))))
        (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s2) (i32.shl (i32.load8_u (i32.add (local.get $c2) (local.get $r))) (i32.const 3))))
        (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s3) (i32.shl (i32.load8_u (i32.add (local.get $c3) (local.get $r))) (i32.const 3))))
        (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (local.get $v)))
        (local.set $gh (i32.add (local.get $gh) (i32.const 8)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next))))

  ;; buildDense4() with packed 8-byte bins
  (func (export "buildDenseQ4") (param $col i32) (param $colBytes i32) (param $start i32) (param $end i32) (param $gh i32) (param $sums i32) (param $featureBytes i32)
    (local $r i32) (local $v i64) (local $a i32)
    (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local.set $c1 (i32.add (local.get $col) (local.get $colBytes)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $colBytes)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $colBytes)))
    (local.set $s1 (i32.add (local.get $sums) (local.get $featureBytes)))
    (local.set $s2 (i32.add (local.get $s1) (local.get $featureBytes)))
    (local.set $s3 (i32.add (local.get $s2) (local.get $featureBytes)))
    (local.set $r (local.get $start))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $v (i64.load (local.get $gh)))
        (local.set $a (i32.add (local.get $sums) (i32.shl (i32.load8_u (i32.add (local.get $col) (local.get $r))) (i32.const 3))))
        (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s1) (i32.shl (i32.load8_u (i32.add (local.get $c1) (local.get $r))) (i32.const 3))))
        (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s2) (i32.shl (i32.load8_u (i32.add (local.get $c2) (local.get $r))) (i32.const 3))))
        (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $s3) (i32.shl (i32.load8_u (i32.add (local.get $c3) (local.get $r))) (i32.const 3))))
        (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (local.get $v)))
        (local.set $gh (i32.add (local.get $gh) (i32.const 8)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))

  ;; buildDense() with packed 8-byte bins
  (func (export "buildDenseQ") (param $col i32) (param $start i32) (param $end i32) (param $gh i32) (param $sums i32)
    (local $p i32) (local $stop i32) (local $a i32)
    (local.set $p (i32.add (local.get $col) (local.get $start)))
    (local.set $stop (i32.add (local.get $col) (local.get $end)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $a (i32.add (local.get $sums) (i32.shl (i32.load8_u (local.get $p)) (i32.const 3))))
        (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (i64.load (local.get $gh))))
        (local.set $gh (i32.add (local.get $gh) (i32.const 8)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next))))

  ;; buildRows() with packed 8-byte bins
  (func (export "buildRowsQ") (param $binnedRows i32) (param $rowBytes i32) (param $nFeatures i32) (param $rows i32) (param $start i32) (param $end i32)
        (param $gh i32) (param $sums i32) (param $featureBytes i32)
    (local $p i32) (local $stop i32) (local $a i32) (local $b i32) (local $bEnd i32) (local $h i32) (local $v i64)
    (local.set $p (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $stop (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $v (i64.load (local.get $gh)))
        (local.set $b (i32.add (local.get $binnedRows) (i32.mul (i32.load (local.get $p)) (local.get $rowBytes))))
        (local.set $bEnd (i32.add (local.get $b) (local.get $nFeatures)))
        (local.set $h (local.get $sums))
        (block $featuresDone
          (loop $feature
            (br_if $featuresDone (i32.ge_u (local.get $b) (local.get $bEnd)))
            (local.set $a (i32.add (local.get $h) (i32.shl (i32.load8_u (local.get $b)) (i32.const 3))))
            (i64.store (local.get $a) (i64.add (i64.load (local.get $a)) (local.get $v)))
            (local.set $h (i32.add (local.get $h) (local.get $featureBytes)))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $feature)))
        (local.set $gh (i32.add (local.get $gh) (i32.const 8)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next))))

  ;; target = parent - child over nBins packed 8-byte bins (target may be parent)
  (func (export "subtractQ") (param $parent i32) (param $child i32) (param $target i32) (param $nBins i32)
    (local $stop i32)
    (local.set $stop (i32.add (local.get $parent) (i32.shl (local.get $nBins) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $parent) (local.get $stop)))
        (i64.store (local.get $target) (i64.sub (i64.load (local.get $parent)) (i64.load (local.get $child))))
        (local.set $parent (i32.add (local.get $parent) (i32.const 8)))
        (local.set $child (i32.add (local.get $child) (i32.const 8)))
        (local.set $target (i32.add (local.get $target) (i32.const 8)))
        (br $next))))

  ;; bestSplit() on packed 8-byte bins: the same scan, screen and outputs
  (func (export "bestSplitQ") (param $sums i32) (param $nBins i32) (param $gUnit f64) (param $hUnit f64) (param $countBits i32) (param $gShift i32)
        (param $G f64) (param $H f64) (param $N i32) (param $l2 f64) (param $minLeaf i32) (param $minHess f64) (param $out i32) (result f64)
    (local $b i32) (local $last i32) (local $acc i64) (local $bin i64) (local $cMask i64) (local $hMask i64) (local $cShift i64) (local $gs i64)
    (local $gl f64) (local $hl f64) (local $nl i32) (local $nr i32) (local $hr f64) (local $gr f64)
    (local $gain f64) (local $parent f64) (local $best f64) (local $bestBin i32) (local $bestG f64) (local $bestH f64) (local $bestN i32)
    (local $al f64) (local $ar f64) (local $bar f64)
    (local.set $cShift (i64.extend_i32_u (local.get $countBits)))
    (local.set $gs (i64.extend_i32_u (local.get $gShift)))
    (local.set $cMask (i64.sub (i64.shl (i64.const 1) (local.get $cShift)) (i64.const 1)))
    (local.set $hMask (i64.sub (i64.shl (i64.const 1) (i64.sub (local.get $gs) (local.get $cShift))) (i64.const 1)))
    (local.set $parent (f64.div (f64.mul (local.get $G) (local.get $G)) (f64.add (local.get $H) (local.get $l2))))
    (local.set $bar (f64.mul (local.get $parent) (f64.const 0x1.ffffffffffp-1)))
    (local.set $bestBin (i32.const -1))
    (local.set $last (i32.sub (local.get $nBins) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $b) (local.get $last)))
        (local.set $bin (i64.load (local.get $sums)))
        (local.set $acc (i64.add (local.get $acc) (local.get $bin)))
        (local.set $sums (i32.add (local.get $sums) (i32.const 8)))
        (block $skip
          (br_if $skip (i64.eqz (i64.and (local.get $bin) (local.get $cMask))))
          (local.set $nl (i32.wrap_i64 (i64.and (local.get $acc) (local.get $cMask))))
          (br_if $skip (i32.lt_s (local.get $nl) (local.get $minLeaf)))
          (local.set $hl (f64.mul (f64.convert_i64_u (i64.and (i64.shr_u (local.get $acc) (local.get $cShift)) (local.get $hMask))) (local.get $hUnit)))
          (br_if $skip (f64.lt (local.get $hl) (local.get $minHess)))
          (local.set $nr (i32.sub (local.get $N) (local.get $nl)))
          (br_if $done (i32.lt_s (local.get $nr) (local.get $minLeaf)))
          (local.set $hr (f64.sub (local.get $H) (local.get $hl)))
          (br_if $skip (f64.lt (local.get $hr) (local.get $minHess)))
          (local.set $gl (f64.mul (f64.convert_i64_s (i64.shr_s (local.get $acc) (local.get $gs))) (local.get $gUnit)))
          (local.set $gr (f64.sub (local.get $G) (local.get $gl)))
          (local.set $al (f64.add (local.get $hl) (local.get $l2)))
          (local.set $ar (f64.add (local.get $hr) (local.get $l2)))
          (br_if $skip
            (f64.le
              (f64.add (f64.mul (f64.mul (local.get $gl) (local.get $gl)) (local.get $ar))
                       (f64.mul (f64.mul (local.get $gr) (local.get $gr)) (local.get $al)))
              (f64.mul (local.get $bar) (f64.mul (local.get $al) (local.get $ar)))))
          (local.set $gain
            (f64.sub
              (f64.add
                (f64.div (f64.mul (local.get $gl) (local.get $gl)) (local.get $al))
                (f64.div (f64.mul (local.get $gr) (local.get $gr)) (local.get $ar)))
              (local.get $parent)))
          (br_if $skip (i32.eqz (f64.gt (local.get $gain) (local.get $best))))
          (local.set $best (local.get $gain))
          (local.set $bar (f64.mul (f64.add (local.get $best) (local.get $parent)) (f64.const 0x1.ffffffffffp-1)))
          (local.set $bestBin (local.get $b))
          (local.set $bestG (local.get $gl))
          (local.set $bestH (local.get $hl))
          (local.set $bestN (local.get $nl)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $next)))
    (i32.store (local.get $out) (local.get $bestBin))
    (i32.store offset=4 (local.get $out) (local.get $bestN))
    (f64.store offset=8 (local.get $out) (local.get $bestG))
    (f64.store offset=16 (local.get $out) (local.get $bestH))
    (local.get $best))
)
