;; The PCA's big products (src/pca): C += A * B with A unsigned bytes (pixel
;; rows, or their transpose) and B quantized to i16 per column, over one
;; shared memory. test/pca/gemm.test.ts checks them against exact sums.
;;
;; C tiles are 4 rows x 8 columns: row r at c + r * ldc, panel p at
;; c + p * cPanelBytes (row-major C of m columns: ldc = 4m, cPanelBytes = 32).
;; The 4 x 8 tile (8 accumulators, 2 B vectors, 1 splat) is what fits the 15
;; xmm registers V8 allocates on x86-64 without spills.
(module
  (memory (import "env" "memory") 1 65536 shared)

  ;; Integer products: A u8 (pixels, widened to i16) times B quantized to i16
  ;; per column (q = round(b * scale), |q| <= 32767). Layouts:
  ;;   packed A   [k/2][4]    one i32 per row: (A[r][k], A[r][k+1]) as i16 pair
  ;;   B panels   [p][k/2][8] one i32 per column: (q[k][j], q[k+1][j])
  ;; i32x4.dot_i16x8_s does 8 multiply-adds per instruction where f32x4 does
  ;; 4 per two; each product is at most 2 * 255 * 32767, so an i32 lane holds
  ;; 128 of them: kPairs <= 128 per call, then the sums go to C as f32,
  ;; times the panel's 1 / scale (8 f32 per panel at invScale + 32p).
  ;; C (f32) is always added to.
  (func (export "gemmI16Panels") (param $a i32) (param $b i32) (param $panelBytes i32) (param $nPanels i32)
        (param $kPairs i32) (param $c i32) (param $ldc i32) (param $cPanelBytes i32) (param $invScale i32)
    (local $p i32) (local $ap i32) (local $bp i32) (local $bEnd i32) (local $cp i32)
    (local $x v128) (local $b0 v128) (local $b1 v128) (local $s0 v128) (local $s1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (block $panelsDone
      (loop $panel
        (br_if $panelsDone (i32.ge_u (local.get $p) (local.get $nPanels)))
        (local.set $cp (i32.add (local.get $c) (i32.mul (local.get $p) (local.get $cPanelBytes))))
        (local.set $bp (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $panelBytes))))
        (local.set $bEnd (i32.add (local.get $bp) (i32.shl (local.get $kPairs) (i32.const 5))))
        (local.set $ap (local.get $a))
        (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0))
        (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0))
        (local.set $c20 (v128.const i64x2 0 0)) (local.set $c21 (v128.const i64x2 0 0))
        (local.set $c30 (v128.const i64x2 0 0)) (local.set $c31 (v128.const i64x2 0 0))
        (block $kDone
          (loop $k
            (br_if $kDone (i32.ge_u (local.get $bp) (local.get $bEnd)))
            (local.set $b0 (v128.load (local.get $bp)))
            (local.set $b1 (v128.load offset=16 (local.get $bp)))
            (local.set $x (v128.load32_splat (local.get $ap)))
            (local.set $c00 (i32x4.add (local.get $c00) (i32x4.dot_i16x8_s (local.get $x) (local.get $b0))))
            (local.set $c01 (i32x4.add (local.get $c01) (i32x4.dot_i16x8_s (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat offset=4 (local.get $ap)))
            (local.set $c10 (i32x4.add (local.get $c10) (i32x4.dot_i16x8_s (local.get $x) (local.get $b0))))
            (local.set $c11 (i32x4.add (local.get $c11) (i32x4.dot_i16x8_s (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat offset=8 (local.get $ap)))
            (local.set $c20 (i32x4.add (local.get $c20) (i32x4.dot_i16x8_s (local.get $x) (local.get $b0))))
            (local.set $c21 (i32x4.add (local.get $c21) (i32x4.dot_i16x8_s (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat offset=12 (local.get $ap)))
            (local.set $c30 (i32x4.add (local.get $c30) (i32x4.dot_i16x8_s (local.get $x) (local.get $b0))))
            (local.set $c31 (i32x4.add (local.get $c31) (i32x4.dot_i16x8_s (local.get $x) (local.get $b1))))
            (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
            (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
            (br $k)))
        (local.set $s0 (v128.load (i32.add (local.get $invScale) (i32.shl (local.get $p) (i32.const 5)))))
        (local.set $s1 (v128.load offset=16 (i32.add (local.get $invScale) (i32.shl (local.get $p) (i32.const 5)))))
        (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $c00)) (local.get $s0))))
        (v128.store offset=16 (local.get $cp) (f32x4.add (v128.load offset=16 (local.get $cp)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $c01)) (local.get $s1))))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $c10)) (local.get $s0))))
        (v128.store offset=16 (local.get $cp) (f32x4.add (v128.load offset=16 (local.get $cp)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $c11)) (local.get $s1))))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $c20)) (local.get $s0))))
        (v128.store offset=16 (local.get $cp) (f32x4.add (v128.load offset=16 (local.get $cp)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $c21)) (local.get $s1))))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $c30)) (local.get $s0))))
        (v128.store offset=16 (local.get $cp) (f32x4.add (v128.load offset=16 (local.get $cp)) (f32x4.mul (f32x4.convert_i32x4_s (local.get $c31)) (local.get $s1))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $panel))))

  ;; Packs 4 rows of a row-major u8 matrix, columns [0, 2 * kPairs) from
  ;; `src`, rows `lda` bytes apart, as [k/2][4] i16 pairs at `dst`. Rows >=
  ;; `rows` are zeros; the caller makes sure 2 * kPairs bytes are readable
  ;; (an odd column count is padded with a zero column by the caller's B).
  (func (export "packRowsI16") (param $src i32) (param $lda i32) (param $rows i32) (param $kPairs i32) (param $dst i32)
    (local $j i32) (local $r i32) (local $s i32) (local $d i32)
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (i32.const 4)))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $lda))))
        (local.set $j (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $j) (local.get $kPairs)))
            (i32.store (local.get $d)
              (select
                (i32.or (i32.load8_u (local.get $s)) (i32.shl (i32.load8_u offset=1 (local.get $s)) (i32.const 16)))
                (i32.const 0)
                (i32.lt_u (local.get $r) (local.get $rows))))
            (local.set $s (i32.add (local.get $s) (i32.const 2)))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; Packs the transpose of a 16-column strip of a row-major u8 matrix: for
  ;; row pairs (2j, 2j + 1), j < kPairs, of `src` (rows `lda` bytes apart;
  ;; `rowsLeft` rows exist, a missing odd row reads as zeros), columns
  ;; 4g..4g+3 go to group g's [k/2][4] panel at dst + g * kPairs * 16, g < 4.
  (func (export "packColsI16") (param $src i32) (param $lda i32) (param $rowsLeft i32) (param $kPairs i32) (param $dst i32)
    (local $j i32) (local $s i32) (local $d i32) (local $groupBytes i32) (local $v v128) (local $w v128) (local $lo v128) (local $hi v128)
    (local.set $groupBytes (i32.shl (local.get $kPairs) (i32.const 4)))
    (local.set $s (local.get $src))
    (local.set $d (local.get $dst))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $j) (local.get $kPairs)))
        (local.set $v (v128.load (local.get $s)))
        (local.set $w
          (if (result v128) (i32.lt_u (i32.add (i32.shl (local.get $j) (i32.const 1)) (i32.const 1)) (local.get $rowsLeft))
            (then (v128.load (i32.add (local.get $s) (local.get $lda))))
            (else (v128.const i64x2 0 0))))
        (local.set $lo (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $v) (local.get $w)))
        (local.set $hi (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $v) (local.get $w)))
        (v128.store (local.get $d) (i16x8.extend_low_i8x16_u (local.get $lo)))
        (v128.store (i32.add (local.get $d) (local.get $groupBytes)) (i16x8.extend_high_i8x16_u (local.get $lo)))
        (v128.store (i32.add (local.get $d) (i32.shl (local.get $groupBytes) (i32.const 1))) (i16x8.extend_low_i8x16_u (local.get $hi)))
        (v128.store (i32.add (local.get $d) (i32.mul (local.get $groupBytes) (i32.const 3))) (i16x8.extend_high_i8x16_u (local.get $hi)))
        (local.set $s (i32.add (local.get $s) (i32.shl (local.get $lda) (i32.const 1))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next))))

  ;; f64 products for the small dense algebra of the fit (Gram matrices and
  ;; basis x l-by-l matrices): C[m x n] += A[m x kdim] B[kdim x n], with
  ;; A[i][k] at a + i * aRow + k * aCol (so Aᵀ is A with the strides
  ;; swapped), B and C row-major (ldb, ldc in bytes). m and n multiples of 4.
  ;; Tiles of 4 x 4: 8 f64x2 accumulators, 2 B vectors, 1 splat.
  (func (export "gemmF64") (param $a i32) (param $aRow i32) (param $aCol i32) (param $b i32) (param $ldb i32)
        (param $c i32) (param $ldc i32) (param $m i32) (param $n i32) (param $kdim i32)
    (local $i i32) (local $j i32) (local $k i32) (local $ap i32) (local $bp i32) (local $cp i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0))
            (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0))
            (local.set $c20 (v128.const i64x2 0 0)) (local.set $c21 (v128.const i64x2 0 0))
            (local.set $c30 (v128.const i64x2 0 0)) (local.set $c31 (v128.const i64x2 0 0))
            (local.set $ap (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRow))))
            (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $k (i32.const 0))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_u (local.get $k) (local.get $kdim)))
                (local.set $b0 (v128.load (local.get $bp)))
                (local.set $b1 (v128.load offset=16 (local.get $bp)))
                (local.set $x (v128.load64_splat (local.get $ap)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $x (v128.load64_splat (i32.add (local.get $ap) (local.get $aRow))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $x (v128.load64_splat (i32.add (local.get $ap) (i32.shl (local.get $aRow) (i32.const 1)))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $x (v128.load64_splat (i32.add (local.get $ap) (i32.mul (local.get $aRow) (i32.const 3)))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $ap (i32.add (local.get $ap) (local.get $aCol)))
                (local.set $bp (i32.add (local.get $bp) (local.get $ldb)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $kLoop)))
            (local.set $cp (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 3)))))
            (v128.store (local.get $cp) (f64x2.add (v128.load (local.get $cp)) (local.get $c00)))
            (v128.store offset=16 (local.get $cp) (f64x2.add (v128.load offset=16 (local.get $cp)) (local.get $c01)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f64x2.add (v128.load (local.get $cp)) (local.get $c10)))
            (v128.store offset=16 (local.get $cp) (f64x2.add (v128.load offset=16 (local.get $cp)) (local.get $c11)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f64x2.add (v128.load (local.get $cp)) (local.get $c20)))
            (v128.store offset=16 (local.get $cp) (f64x2.add (v128.load offset=16 (local.get $cp)) (local.get $c21)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f64x2.add (v128.load (local.get $cp)) (local.get $c30)))
            (v128.store offset=16 (local.get $cp) (f64x2.add (v128.load offset=16 (local.get $cp)) (local.get $c31)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $jLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $iLoop))))

  ;; Column sums of rows [0, nRows) of a row-major u8 matrix (nCols columns,
  ;; rows lda bytes apart) added to u32 sums[nCols] at `sums`; returns the
  ;; sum of all squared values. nRows * 255 must fit u32 and nRows * nCols
  ;; * 255^2 an f64 exactly (true for any block this project makes).
  (func (export "columnSumsU8") (param $src i32) (param $lda i32) (param $nRows i32) (param $nCols i32) (param $sums i32) (result f64)
    (local $r i32) (local $j i32) (local $s i32) (local $p i32) (local $v v128) (local $lo v128) (local $hi v128)
    (local $sq v128) (local $total f64) (local $vecEnd i32) (local $x i32)
    (local.set $vecEnd (i32.and (local.get $nCols) (i32.const -16)))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $nRows)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $lda))))
        (local.set $sq (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $j) (local.get $vecEnd)))
            (local.set $v (v128.load (i32.add (local.get $s) (local.get $j))))
            (local.set $lo (i16x8.extend_low_i8x16_u (local.get $v)))
            (local.set $hi (i16x8.extend_high_i8x16_u (local.get $v)))
            (local.set $sq (i32x4.add (local.get $sq) (i32x4.add (i32x4.dot_i16x8_s (local.get $lo) (local.get $lo)) (i32x4.dot_i16x8_s (local.get $hi) (local.get $hi)))))
            (local.set $p (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 2))))
            (v128.store (local.get $p) (i32x4.add (v128.load (local.get $p)) (i32x4.extend_low_i16x8_u (local.get $lo))))
            (v128.store offset=16 (local.get $p) (i32x4.add (v128.load offset=16 (local.get $p)) (i32x4.extend_high_i16x8_u (local.get $lo))))
            (v128.store offset=32 (local.get $p) (i32x4.add (v128.load offset=32 (local.get $p)) (i32x4.extend_low_i16x8_u (local.get $hi))))
            (v128.store offset=48 (local.get $p) (i32x4.add (v128.load offset=48 (local.get $p)) (i32x4.extend_high_i16x8_u (local.get $hi))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $nCols)))
            (local.set $x (i32.load8_u (i32.add (local.get $s) (local.get $j))))
            (local.set $p (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 2))))
            (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (local.get $x)))
            (local.set $sq (i32x4.add (local.get $sq) (i32x4.replace_lane 0 (v128.const i64x2 0 0) (i32.mul (local.get $x) (local.get $x)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        ;; one row's squares: at most 4 lanes x (nCols / 4) x 255^2, within u32 for rows up to 66k values
        (local.set $total (f64.add (local.get $total)
          (f64.add
            (f64.add (f64.convert_i32_u (i32x4.extract_lane 0 (local.get $sq))) (f64.convert_i32_u (i32x4.extract_lane 1 (local.get $sq))))
            (f64.add (f64.convert_i32_u (i32x4.extract_lane 2 (local.get $sq))) (f64.convert_i32_u (i32x4.extract_lane 3 (local.get $sq)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row)))
    (local.get $total))
)
