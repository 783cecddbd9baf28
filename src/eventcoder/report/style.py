"""The report page's inline stylesheet and script (the page fetches nothing)."""

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;
color:#1d1d1f;background:#f6f6f3;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:1.2rem 1.5rem 3rem}
header{border-bottom:3px solid #333;margin-bottom:1rem}
h1{font-size:1.6rem;margin:.2rem 0 .4rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #ccc;padding-bottom:.2rem}h3{font-size:1rem;margin:1rem 0 .3rem}
.meta span{margin-right:1.2rem}.muted{color:#666}.warn{color:#a40000}
.provenance{background:#fff3cd;padding:.05rem .4rem;border-radius:3px}
.article{white-space:pre-wrap;background:#fff;padding:1rem 1.2rem;border:1px solid #ddd;
border-radius:6px;font-family:Georgia,"Times New Roman",serif;font-size:1.02rem;line-height:1.7}
.mk{border-radius:3px;padding:0 1px;cursor:help}
.mk.trigger{background:#ffe08a;font-weight:600}
.mk.actor{background:#cfe3ff;border-bottom:2px solid #1f5fbf}
.mk.recipient{background:#d8f5d0;border-bottom:2px solid #2b8a3e}
.mk.trigger.actor,.mk.trigger.recipient{background:#ffe08a}
.mk.denied:not(.fact){text-decoration:line-through;text-decoration-color:#c00;
outline:2px solid #d00;background:#ffe3e3}
.mk.hypothetical:not(.fact){outline:2px dashed #7b3fb5;background:#f1e6fb}
.mk.reported{border-bottom-style:dotted}
.mk.reported.trigger{box-shadow:inset 0 -2px 0 #777}
.mk.hl{outline:3px solid #000}
.anchor{position:relative;top:-4rem}
.trailer{color:#8a6d00;background:#fff3cd;font-style:italic}
.key{display:flex;flex-wrap:wrap;gap:.5rem 1rem;font-size:.85rem;margin:.4rem 0}
.key .mk{cursor:default}
table.events{border-collapse:collapse;width:100%;background:#fff;font-size:.85rem}
table.events th,table.events td{border:1px solid #ddd;padding:.3rem .4rem;vertical-align:top;
text-align:left}
table.events th{background:#eee}
tr.flagged{background:#fff4f4}tr.hypothetical{background:#f8f1fd}
tr.hl{outline:3px solid #000}
.type{font-weight:700}.type.q1{color:#1f77b4}.type.q2{color:#2ca02c}.type.q3{color:#d46300}
.type.q4{color:#d62728}
.sector{font-size:.75rem;background:#eee;border-radius:3px;padding:0 3px}
.as-written{font-style:italic}
svg.graph{background:#fff;border:1px solid #ddd;border-radius:6px;max-width:100%;height:auto}
svg .node-code{font:700 12px system-ui,sans-serif}svg .node-name{font:11px system-ui,sans-serif;
fill:#444}svg .edge-label{font:10px system-ui,sans-serif}svg .edge:hover{stroke-width:4}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;
font-size:.85rem}
.swatch{display:inline-block;width:22px;height:4px;margin-right:5px;vertical-align:middle}
.swatch.dashed{border-top:3px dashed #888;height:0}
.ring{display:inline-block;width:14px;height:14px;border:3px solid #999;border-radius:50%;
margin-right:5px;vertical-align:middle}.ring.none{border-style:dotted}
ul.blocking li,ul.commitments li,ul.flagged-list li{margin:.35rem 0}
.amount{font-weight:700;background:#e8f4ea;padding:0 .3rem;border-radius:3px}
.trig{font-weight:600}
blockquote{margin:.2rem 0 .5rem 1rem;padding-left:.6rem;border-left:3px solid #ccc;
color:#333;font-family:Georgia,serif}
li.denied blockquote{border-left-color:#d00}li.hypothetical blockquote{border-left-color:#7b3fb5}
footer{margin-top:2.5rem;font-size:.8rem;color:#555;border-top:1px solid #ccc;padding-top:.5rem}
code{font-size:.8rem}
"""

JS = """
(function(){
  function mark(ids,on){
    document.querySelectorAll('[data-ev]').forEach(function(el){
      var mine=el.getAttribute('data-ev').split(' ');
      for(var i=0;i<ids.length;i++){if(mine.indexOf(ids[i])>=0){
        el.classList.toggle('hl',on);break;}}
    });
  }
  // only marks and rows that carry events: the legend's sample marks have no data-ev
  document.querySelectorAll('tr[data-ev],span.mk[data-ev]').forEach(function(el){
    var ids=el.getAttribute('data-ev').split(' ');
    el.addEventListener('mouseenter',function(){mark(ids,true);});
    // leaving a mark must not switch off the event opened by #ev-… (the jump can end a hover)
    el.addEventListener('mouseleave',function(){mark(ids,false);if(last){mark([last],true);}});
  });
  var last=null;
  function fromHash(){
    if(last){mark([last],false);last=null;}
    var h=location.hash;
    if(h.indexOf('#ev-')===0){last=h.slice(4);mark([last],true);}
  }
  window.addEventListener('hashchange',fromHash);fromHash();
})();
"""
