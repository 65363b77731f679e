;; QuickScorer's scoring loop (src/trees/quick-scorer.ts explains the method)
;; over one shared linear memory. Byte addresses:
;;   features  i32 per used feature: its byte offset in a row (feature * 4)
;;   offsets   i32 per used feature + 1: byte offset of its first entry (entry * 8)
;;   thr       f64 per entry: threshold, ascending within a feature
;;   pairs     (i32, i32) per entry: byte offset of its tree's word (tree * 4), mask
;;   leaves    f64 per tree x 32: leaf outputs, leaves numbered left to right
;;   data      f32 rows x nCols, row-major;  out  f64 per row
;;   words     i32 per block row x tree, scratch
(module
  (memory (import "env" "memory") 1 65536 shared)

  ;; out[i] += sum over trees of the exit leaf's output, i in [start, end)
  (func (export "scoreBlock")
        (param $features i32) (param $nFeatures i32) (param $offsets i32) (param $thr i32) (param $pairs i32)
        (param $leaves i32) (param $nTrees i32) (param $data i32) (param $rowBytes i32) (param $out i32)
        (param $start i32) (param $end i32) (param $words i32)
    (local $j i32) (local $featureAt i32) (local $first i32) (local $stop i32)
    (local $i i32) (local $x f64) (local $w i32) (local $e i32) (local $at i32)
    (local $wordsPerRow i32) (local $t i32) (local $sum f64) (local $word i32)
    (local.set $wordsPerRow (i32.shl (local.get $nTrees) (i32.const 2)))
    (memory.fill (local.get $words) (i32.const 255)
      (i32.mul (i32.sub (local.get $end) (local.get $start)) (local.get $wordsPerRow)))
    ;; feature by feature: clear the left-subtree leaves of every failing node
    (local.set $j (i32.const 0))
    (block $featuresDone
      (loop $feature
        (br_if $featuresDone (i32.ge_u (local.get $j) (local.get $nFeatures)))
        (local.set $featureAt (i32.load (i32.add (local.get $features) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $first (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $stop (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $i (local.get $start))
        (local.set $w (local.get $words))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $x (f64.promote_f32 (f32.load
              (i32.add (i32.add (local.get $data) (i32.mul (local.get $i) (local.get $rowBytes))) (local.get $featureAt)))))
            (local.set $e (local.get $first))
            (block $entriesDone
              (loop $entry
                (br_if $entriesDone (i32.ge_u (local.get $e) (local.get $stop)))
                (br_if $entriesDone (f64.le (local.get $x) (f64.load (i32.add (local.get $thr) (local.get $e)))))
                (local.set $at (i32.add (local.get $w) (i32.load (i32.add (local.get $pairs) (local.get $e)))))
                (i32.store (local.get $at)
                  (i32.and (i32.load (local.get $at)) (i32.load offset=4 (i32.add (local.get $pairs) (local.get $e)))))
                (local.set $e (i32.add (local.get $e) (i32.const 8)))
                (br $entry)))
            (local.set $w (i32.add (local.get $w) (local.get $wordsPerRow)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $row)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $feature)))
    ;; each row: add the exit leaves (lowest set bit of each tree's word), in tree order
    (local.set $i (local.get $start))
    (local.set $w (local.get $words))
    (block $sumsDone
      (loop $row
        (br_if $sumsDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $sum (f64.load (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $t (i32.const 0))
        (block $treesDone
          (loop $tree
            (br_if $treesDone (i32.ge_u (local.get $t) (local.get $nTrees)))
            (local.set $word (i32.load (i32.add (local.get $w) (i32.shl (local.get $t) (i32.const 2)))))
            (local.set $sum (f64.add (local.get $sum)
              (f64.load (i32.add (local.get $leaves)
                (i32.shl (i32.add (i32.shl (local.get $t) (i32.const 5)) (i32.ctz (local.get $word))) (i32.const 3))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tree)))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3))) (local.get $sum))
        (local.set $w (i32.add (local.get $w) (local.get $wordsPerRow)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))
)
