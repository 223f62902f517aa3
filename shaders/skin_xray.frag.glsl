//VTK::Light::Impl
  // X-ray skin (Toxplan shaders/skin_xray.frag.glsl), inserted after VTK's lighting.
  //
  // Why: a skin drawn at one flat opacity either hides the muscles under it or vanishes; what
  // reads as "a face over the anatomy" is its outline. The opacity therefore follows the view:
  // where the surface faces the viewer (the forehead seen from the front) it is thin, and it
  // rises toward the silhouette, where the line of sight runs along the skin (a Fresnel-like
  // rim, as in anatomy viewers). The user's opacity slider (VTK's `opacity`) scales both. At a
  // grazing angle the lit colour is dark, which would draw the outline as a brown shadow: the
  // rim takes the skin's own, unlit colour instead, so it reads as a light edge.
  //   facing = |n . v| (1 facing the viewer, 0 at the silhouette)
  //   rim    = (1 - facing)^xrayRimPower
  //   alpha  = opacity * mix(xrayCentreScale, xrayRimScale, rim)
  //   colour = mix(lit colour, unlit skin colour, 0.6 rim)
  {
    vec3 xrayToEye = normalize(-vertexVC.xyz);
    float xrayFacing = abs(dot(normalize(normalVCVSOutput), xrayToEye));
    float xrayRim = pow(1.0 - xrayFacing, xrayRimPower);
    gl_FragData[0].rgb = mix(gl_FragData[0].rgb, diffuseColor, 0.6 * xrayRim);
    gl_FragData[0].a = clamp(opacity * mix(xrayCentreScale, xrayRimScale, xrayRim), 0.0, 1.0);
  }
